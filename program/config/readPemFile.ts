import * as fs from "fs";
import * as nodePath from "path";

/** A certificate file is a few kilobytes; a chain of several, a few tens. */
export const MAX_PEM_FILE_BYTES = 64 * 1024;

export type PemFileRead = { ok: true; text: string } | { ok: false; message: string };

/**
 * Reads a certificate's `pemFile`: only a regular file inside the project folder (after
 * following links), at most MAX_PEM_FILE_BYTES, so config cannot read `/etc/shadow`, a secret
 * elsewhere on the runner, or `/dev/zero` until memory runs out.
 */
export function readPemFile(projectDir: string, file: string): PemFileRead {
  const fix =
    "give the path of the certificate file relative to the project folder, e.g. certs/reports.pem";
  if (nodePath.isAbsolute(file) || file.includes("\0")) {
    return { ok: false, message: `must be a path relative to the project folder; ${fix}` };
  }
  let root: string;
  let real: string;
  try {
    root = fs.realpathSync(projectDir);
    real = fs.realpathSync(nodePath.resolve(root, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    return { ok: false, message: `cannot be read (${code}); ${fix}` };
  }
  const relative = nodePath.relative(root, real);
  if (relative.startsWith("..") || nodePath.isAbsolute(relative)) {
    return { ok: false, message: `points outside the project folder; ${fix}` };
  }
  let descriptor: number | undefined;
  try {
    descriptor = fs.openSync(real, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(descriptor);
    if (!stat.isFile()) return { ok: false, message: `is not a regular file; ${fix}` };
    if (stat.size > MAX_PEM_FILE_BYTES) {
      return {
        ok: false,
        message: `is ${stat.size} bytes; a certificate file is at most ${MAX_PEM_FILE_BYTES} (is this the right file?)`,
      };
    }
    const buffer = Buffer.alloc(MAX_PEM_FILE_BYTES + 1);
    const length = fs.readSync(descriptor, buffer, 0, buffer.length, 0);
    if (length > MAX_PEM_FILE_BYTES) {
      return { ok: false, message: `is larger than ${MAX_PEM_FILE_BYTES} bytes; ${fix}` };
    }
    return { ok: true, text: buffer.subarray(0, length).toString("utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    return { ok: false, message: `cannot be read (${code}); ${fix}` };
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor);
  }
}
