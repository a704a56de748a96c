export interface DoctorCheck {
    target: string;
    check: string;
    status: string;
    detail: string;
    fix?: string;
}
export declare function doctorJson(env: Record<string, string>, args?: string[]): Promise<{
    code: number;
    checks: DoctorCheck[];
    stderr: string;
}>;
/** The status of the named check (undefined when doctor did not run it). */
export declare const checkStatus: (checks: DoctorCheck[], check: string) => string | undefined;
