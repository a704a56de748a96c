import { ConfidentialClientApplication, type Configuration, type INetworkModule, type NodeAuthOptions } from '@azure/msal-node';
import { Client, RetryHandlerOptions, type Middleware } from '@microsoft/microsoft-graph-client';
import { type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
export interface RawResponse {
    status: number;
    headers: Record<string, string>;
    text: string;
    /** The body parsed as JSON (undefined when it is not JSON). */
    json: any;
}
export declare function rawRequest(url: string, ca: string, init?: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
}): Promise<RawResponse>;
/** msal-node's network client, over node:https with the emulator CA. */
export declare function caNetworkClient(ca: string): INetworkModule;
/** The Graph client's last middleware (instead of global fetch), trusting the emulator CA. */
export declare class CaFetchHandler implements Middleware {
    private readonly ca;
    constructor(ca: string);
    execute(context: {
        request: unknown;
        options?: {
            method?: string;
            headers?: unknown;
            body?: unknown;
        };
        response?: Response;
    }): Promise<void>;
    setNext(): void;
}
/**
 * fetch over node:https trusting the given CA(s) (what NODE_EXTRA_CA_CERTS does for a new
 * process). Failures look like Node's fetch's (TypeError "fetch failed", the socket error as its
 * cause) and an abort signal (timeouts) is honoured.
 */
export declare function caFetch(ca: string | readonly string[]): typeof fetch;
export interface TestEmulator extends RunningEmulator {
    /** Environment for a cloudsync subprocess (the recipe). */
    env: Record<string, string>;
    ca: string;
    networkClient: INetworkModule;
    msalConfig(auth?: Partial<NodeAuthOptions>): Configuration;
    msalApp(auth?: Partial<NodeAuthOptions>): ConfidentialClientApplication;
    /** A Graph access token for the default app (or the given credentials). */
    token(auth?: Partial<NodeAuthOptions>): Promise<string>;
    graphClient(opts?: {
        getAccessToken?: () => Promise<string>;
        retry?: RetryHandlerOptions;
        version?: 'v1.0' | 'beta';
    }): Client;
    /** Raw HTTPS to a path on the emulator (e.g. "/v1.0/users"). */
    request(path: string, init?: {
        method?: string;
        headers?: Record<string, string>;
        body?: string;
    }): Promise<RawResponse>;
}
export declare function startTestEmulator(options?: EmulatorOptions): Promise<TestEmulator>;
