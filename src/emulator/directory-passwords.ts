/** Users' passwords as the emulator keeps them: salted hashes by user id, compared in constant time. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

function hashPassword(password: string, salt = randomBytes(16).toString('base64url')): string {
  return `${salt}$${createHash('sha256').update(`${salt}:${password}`).digest('base64url')}`;
}

export class PasswordStore {
  private readonly hashes: Map<string, string>;

  constructor(saved: Record<string, string> = {}) {
    this.hashes = new Map(Object.entries(saved));
  }

  set(userId: string, password: string): void {
    this.hashes.set(userId.toLowerCase(), hashPassword(password));
  }

  check(userId: string, password: string): boolean {
    const stored = this.hashes.get(userId.toLowerCase());
    if (!stored) return false;
    const [salt] = stored.split('$');
    const a = Buffer.from(hashPassword(password, salt));
    const b = Buffer.from(stored);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  delete(userId: string): void {
    this.hashes.delete(userId.toLowerCase());
  }

  has(userId: string): boolean {
    return this.hashes.has(userId.toLowerCase());
  }

  toJSON(): Record<string, string> {
    return Object.fromEntries(this.hashes);
  }
}
