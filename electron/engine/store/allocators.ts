/**
 * Service IP and NodePort allocation, as the API server's registry allocators do: random free
 * values from 10.96.0.0/12 and 30000-32767 (drawn from the seeded PRNG), refusing values in use.
 */
import type { Random } from '../clock/random';

const SERVICE_BASE = (10 << 24) | (96 << 16); // 10.96.0.0
const SERVICE_SIZE = 1 << 20; // /12

export function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p.some((x) => !(x >= 0 && x <= 255))) return NaN;
  return ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
}

export function intToIp(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export class ServiceIpAllocator {
  private used = new Set<string>();
  constructor(private rng: Random) {}

  inRange(ip: string): boolean {
    const n = ipToInt(ip);
    return !Number.isNaN(n) && n - SERVICE_BASE >= 1 && n - SERVICE_BASE < SERVICE_SIZE - 1;
  }

  isUsed(ip: string): boolean {
    return this.used.has(ip);
  }

  reserve(ip: string): void {
    this.used.add(ip);
  }

  release(ip: string | undefined): void {
    if (ip) this.used.delete(ip);
  }

  allocate(): string {
    for (;;) {
      // Upstream keeps the first /... of the range for static allocations; dynamic IPs come from above it.
      const offset = 256 + this.rng.int(SERVICE_SIZE - 512);
      const ip = intToIp((SERVICE_BASE + offset) >>> 0);
      if (!this.used.has(ip)) {
        this.used.add(ip);
        return ip;
      }
    }
  }
}

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

export class NodePortAllocator {
  private used = new Set<number>();
  constructor(private rng: Random) {}

  isUsed(port: number): boolean {
    return this.used.has(port);
  }
  reserve(port: number): void {
    this.used.add(port);
  }
  release(port: number | undefined): void {
    if (port !== undefined) this.used.delete(port);
  }
  allocate(): number {
    if (this.used.size >= NODE_PORT_MAX - NODE_PORT_MIN + 1) throw new Error('range is full');
    for (;;) {
      const port = NODE_PORT_MIN + this.rng.int(NODE_PORT_MAX - NODE_PORT_MIN + 1);
      if (!this.used.has(port)) {
        this.used.add(port);
        return port;
      }
    }
  }
}
