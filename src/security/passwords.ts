import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id with 20 MiB, 2 passes, 1 lane; OWASP's minimum with 2 passes is 19 MiB. 20 MiB is a
 * whole number of 2 MiB huge pages: the package's allocator maps each hash's memory anew and asks
 * the kernel for transparent huge pages, and at 19 MiB the last MiB came in 256 small pages, each
 * a page fault of its own. On the 2-core development machine a hash took a third longer at 19
 * MiB than at 20 (155 against 210 hashes /s; the kernel's share per hash 3.1 ms against 1.4).
 */
export const argon2Options = {
  // Algorithm.Argon2id; the package exports it as a const enum, which type stripping cannot inline.
  algorithm: 2,
  memoryCost: 20_480,
  timeCost: 2,
  parallelism: 1,
} as const;

/** How `argon2Options` hashes begin: the algorithm, its version and the parameters. */
const currentParameters = `$argon2id$v=19$m=${argon2Options.memoryCost},t=${argon2Options.timeCost},p=${argon2Options.parallelism}$`;

/**
 * Whether a stored hash was made with other parameters than today's. A sign-in that verifies it
 * stores a new hash of the same password, so that the account's next check costs what the dummy
 * check of an unknown email costs, and what today's setting asks.
 */
export function needsRehash(passwordHash: string): boolean {
  return !passwordHash.startsWith(currentParameters);
}

/** A verified password's stored hash (`from`) and its hash with today's parameters (`to`). */
export type Rehash = { from: string; to: string };

/** After a sign-in verified `password` against `passwordHash`: the rehash to store, if its parameters differ. */
export async function rehashIfNeeded(passwordHash: string, password: string): Promise<Rehash | undefined> {
  return needsRehash(passwordHash) ? { from: passwordHash, to: await hashPassword(password) } : undefined;
}

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
