import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';

/** Argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane). */
export const argon2Options = {
  // Algorithm.Argon2id; the package exports it as a const enum, which type stripping cannot inline.
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** Work that runs at most `limit` at a time; the rest wait their turn, first come first served. */
export class Turns {
  #limit: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  set limit(limit: number) {
    this.#limit = Math.max(1, limit);
    while (this.#running < this.#limit && this.#waiting.length > 0) {
      this.#running++;
      this.#waiting.shift()?.();
    }
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running < this.#limit) this.#running++;
    // The place of the one that finishes passes straight to this one.
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

/**
 * Argon2id hashes (and verifications) this process runs at once. The hash is memory-hard: on two
 * cores, four at once (libuv's pool) get through fewer than two at once, and take the CPU that
 * the requests around them need.
 */
const hashing = new Turns(availableParallelism());

/** How many hashes this process runs at once (PASSWORD_HASH_CONCURRENCY); the cores by default. */
export function limitConcurrentHashes(limit: number): void {
  hashing.limit = limit;
}

export function hashPassword(password: string): Promise<string> {
  return hashing.run(() => hash(password, argon2Options));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await hashing.run(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Burns the same time as a real verification, for answers that must not reveal whether an
 * account exists.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
  return false;
}
