/**
 * Op ids: UUID version 7 (RFC 9562), a millisecond timestamp followed by random bits. Devices
 * make them offline, so they must be unique without asking anyone; being ordered by time, they
 * also land at the end of the server's indexes instead of scattering across them, which keeps
 * ingest fast on a large school's history.
 */
export function uuidv7(nowMs: number, randomBytes: Uint8Array): string {
  if (randomBytes.length < 10) throw new RangeError('uuidv7 needs 10 random bytes');
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const ms = Math.max(0, Math.floor(nowMs));
  const high = Math.floor(ms / 0x10000);
  const low = ms % 0x10000;
  const b = randomBytes;
  const randA = (((b[0] ?? 0) & 0x0f) << 8) | (b[1] ?? 0);
  const variant = (((b[2] ?? 0) & 0x3f) | 0x80).toString(16).padStart(2, '0') + hex(b[3] ?? 0, 2);
  const tail = [4, 5, 6, 7, 8, 9].map((i) => hex(b[i] ?? 0, 2)).join('');
  return `${hex(high, 8)}-${hex(low, 4)}-7${hex(randA, 3)}-${variant}-${tail}`;
}
