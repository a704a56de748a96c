import { newOpaque, newUserCode } from '../ids.js';
import type { AppRecord, EmulatorState } from '../state.js';
import { aad } from './aadsts.js';

/**
 * The device authorization grant. A client POSTs /{tenant}/oauth2/v2.0/devicecode, shows the
 * message, and polls the token endpoint (authorization_pending until someone signs in). The
 * sign-in happens either on the emulator's /devicelogin page (user code, UPN, password) or
 * through POST /_emulator/devicecode/complete (tests), or automatically when the emulator was
 * started with deviceCode.autoApprove (the first poll is approved as that user).
 */
export interface PendingCode {
  deviceCode: string;
  userCode: string;
  appId: string;
  scopes: string[];
  expiresAt: number;
  status: 'pending' | 'approved' | 'declined' | 'redeemed';
  userId?: string;
}

const LIFETIME_SECONDS = 900;

export class DeviceCodes {
  private readonly byDevice = new Map<string, PendingCode>();
  private readonly byUser = new Map<string, PendingCode>();

  constructor(
    private readonly intervalSeconds: number,
    /** UPN to approve every pending code as, on its first poll. */
    private readonly autoApprove?: string,
    /** How long a code may be used (Entra: 15 minutes). */
    private readonly lifetimeSeconds: number = LIFETIME_SECONDS,
  ) {}

  start(app: AppRecord, scopes: string[], origin: string): Record<string, unknown> {
    const now = Date.now();
    for (const [k, p] of this.byDevice) {
      if (p.expiresAt < now - 60_000) {
        this.byDevice.delete(k);
        this.byUser.delete(p.userCode);
      }
    }
    const p: PendingCode = { deviceCode: newOpaque(48), userCode: newUserCode(), appId: app.appId, scopes, expiresAt: now + this.lifetimeSeconds * 1000, status: 'pending' };
    this.byDevice.set(p.deviceCode, p);
    this.byUser.set(p.userCode, p);
    const uri = `${origin}/devicelogin`;
    return {
      user_code: p.userCode,
      device_code: p.deviceCode,
      verification_uri: uri,
      expires_in: this.lifetimeSeconds,
      interval: this.intervalSeconds,
      message: `To sign in, use a web browser to open the page ${uri} and enter the code ${p.userCode} to authenticate.`,
    };
  }

  pendingByUserCode(userCode: string): PendingCode | undefined {
    const p = this.byUser.get(userCode.trim().toUpperCase());
    return p && p.status === 'pending' && p.expiresAt > Date.now() ? p : undefined;
  }

  /** Records the sign-in outcome for a user code; false when the code is unknown, used or expired. */
  complete(userCode: string, outcome: { userId: string } | 'deny'): boolean {
    const p = this.pendingByUserCode(userCode);
    if (!p) return false;
    if (outcome === 'deny') p.status = 'declined';
    else {
      p.status = 'approved';
      p.userId = outcome.userId;
    }
    return true;
  }

  /** The token endpoint's view of a device code: an approved sign-in, or the AADSTS error to return. */
  redeem(state: EmulatorState, deviceCode: string, appId: string): { userId: string; scopes: string[] } {
    const p = this.byDevice.get(deviceCode);
    if (!p || p.appId !== appId || p.status === 'redeemed') throw aad.badDeviceCode();
    if (p.expiresAt < Date.now()) throw aad.deviceCodeExpired();
    if (p.status === 'pending' && this.autoApprove) {
      const u = state.dir.findUser(this.autoApprove);
      if (u) this.complete(p.userCode, { userId: u.id });
    }
    if (p.status === 'declined') throw aad.deviceCodeDeclined();
    if (p.status !== 'approved') throw aad.authorizationPending();
    p.status = 'redeemed';
    return { userId: p.userId!, scopes: p.scopes };
  }
}

/** Signs a user in for a device code; the password is checked when the user has one set. */
export function signIn(state: EmulatorState, codes: DeviceCodes, userCode: string, upn: string, password: string | undefined): 'ok' | 'unknown-code' | 'bad-credentials' {
  if (!codes.pendingByUserCode(userCode)) return 'unknown-code';
  const u = state.dir.findUser(upn);
  if (!u || u.props.accountEnabled === false) return 'bad-credentials';
  if (password !== undefined && !state.dir.checkPassword(u.id, password)) return 'bad-credentials';
  return codes.complete(userCode, { userId: u.id }) ? 'ok' : 'unknown-code';
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function deviceLoginPage(message?: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>cloudsync emulator sign-in</title></head>
<body style="font-family:sans-serif;max-width:32em;margin:3em auto">
<h1>Sign in (cloudsync emulator)</h1>
${message ? `<p><strong>${esc(message)}</strong></p>` : ''}
<form method="post" action="/devicelogin">
<p><label>Code<br><input name="code" autocomplete="off" required></label></p>
<p><label>User principal name<br><input name="username" required></label></p>
<p><label>Password<br><input name="password" type="password" required></label></p>
<p><button type="submit">Sign in</button></p>
</form></body></html>`;
}
