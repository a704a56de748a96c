import type { EmulatorState } from '../state.js';
import type { TokenSigner } from '../tokens.js';
import type { DeviceCodes } from './device-code.js';

/** What the sign-in endpoints share. */
export interface AuthEnv {
  state: EmulatorState;
  signer: TokenSigner;
  port: number;
  deviceCodes: DeviceCodes;
  /** Refresh token → the user sign-in it continues (in memory only). */
  refreshTokens: Map<string, { userId: string; appId: string; scopes: string[] }>;
}

export interface AuthResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
