'use strict';
// A single-producer single-consumer byte ring in a SharedArrayBuffer: the permission worker appends
// one record per reported verdict without serialising or allocating, and the main thread drains it
// on its own schedule. A full ring drops the record and the writer counts it (never silent).
//
// Layout: control Int32Array [writePos, readPos] (free-running uint32 byte counters) + data bytes
// (capacity a power of two). Record: u32 len | i32 pid | f64 time | u32 mask | u32 mntns |
// u8 verdict | u8 reason | u16 rule+1 | u16 pathLen | u16 exeLen | u16 commLen | u16 table gen |
// i32 euid (-1 unknown) | bytes, padded to 4. len 0 = "wrapped: continue at offset 0".

const HEADER = 40;
const W = 0;
const R = 1;

function createRing(capacity) {
  if (capacity < 4096 || (capacity & (capacity - 1)) !== 0) throw new RangeError('ring capacity must be a power of two >= 4096');
  return { control: new SharedArrayBuffer(8), data: new SharedArrayBuffer(capacity) };
}

class RingWriter {
  constructor(ring) {
    this.ctl = new Int32Array(ring.control);
    this.buf = Buffer.from(ring.data);
    this.cap = ring.data.byteLength;
  }

  /** Appends a record; false when the ring is full (the caller counts the drop). */
  write(pid, time, mask, mntns, verdict, reason, rule, gen, pathBytes, pathLen, exeBytes, commBytes, euid) {
    const exeLen = exeBytes === null ? 0 : exeBytes.length;
    const commLen = commBytes === null ? 0 : commBytes.length;
    const len = (HEADER + pathLen + exeLen + commLen + 3) & ~3;
    let w = Atomics.load(this.ctl, W) >>> 0;
    const used = (w - (Atomics.load(this.ctl, R) >>> 0)) >>> 0;
    let off = w & (this.cap - 1);
    const tail = this.cap - off;
    if (used + len + (len > tail ? tail : 0) > this.cap) return false;
    if (len > tail) {
      this.buf.writeUInt32LE(0, off);
      w = (w + tail) >>> 0;
      off = 0;
    }
    const b = this.buf;
    b.writeUInt32LE(len, off);
    b.writeInt32LE(pid, off + 4);
    b.writeDoubleLE(time, off + 8);
    b.writeUInt32LE(mask >>> 0, off + 16);
    b.writeUInt32LE(mntns >>> 0, off + 20);
    b[off + 24] = verdict;
    b[off + 25] = reason;
    b.writeUInt16LE(rule + 1, off + 26);
    b.writeUInt16LE(pathLen, off + 28);
    b.writeUInt16LE(exeLen, off + 30);
    b.writeUInt16LE(commLen, off + 32);
    b.writeUInt16LE(gen & 0xffff, off + 34);
    b.writeInt32LE(euid, off + 36);
    let at = off + HEADER;
    if (pathLen > 0) at += pathBytes.copy(b, at, 0, pathLen);
    if (exeLen > 0) at += exeBytes.copy(b, at);
    if (commLen > 0) commBytes.copy(b, at);
    Atomics.store(this.ctl, W, (w + len) | 0);
    return true;
  }
}

class RingReader {
  constructor(ring) {
    this.ctl = new Int32Array(ring.control);
    this.buf = Buffer.from(ring.data);
    this.cap = ring.data.byteLength;
  }

  /** Decodes and consumes every complete record; returns them in order. */
  drain() {
    const out = [];
    let r = Atomics.load(this.ctl, R) >>> 0;
    const w = Atomics.load(this.ctl, W) >>> 0;
    const b = this.buf;
    while (r !== w) {
      const off = r & (this.cap - 1);
      const len = b.readUInt32LE(off);
      if (len === 0) {
        r = (r + (this.cap - off)) >>> 0;
        continue;
      }
      const pathLen = b.readUInt16LE(off + 28);
      const exeLen = b.readUInt16LE(off + 30);
      const commLen = b.readUInt16LE(off + 32);
      const p = off + HEADER;
      out.push({
        pid: b.readInt32LE(off + 4),
        time: b.readDoubleLE(off + 8),
        mask: b.readUInt32LE(off + 16),
        mntns: b.readUInt32LE(off + 20),
        verdict: b[off + 24],
        reason: b[off + 25],
        rule: b.readUInt16LE(off + 26) - 1,
        gen: b.readUInt16LE(off + 34),
        euid: b.readInt32LE(off + 36),
        path: b.toString('utf8', p, p + pathLen),
        exe: exeLen > 0 ? b.toString('utf8', p + pathLen, p + pathLen + exeLen) : null,
        comm: commLen > 0 ? b.toString('utf8', p + pathLen + exeLen, p + pathLen + exeLen + commLen) : null,
      });
      r = (r + len) >>> 0;
    }
    Atomics.store(this.ctl, R, r | 0);
    return out;
  }
}

module.exports = { createRing, RingWriter, RingReader };
