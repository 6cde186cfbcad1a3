/**
 * The process's pino logger. The router writes one JSON line per event (SPEC §13), so
 * lines are gathered and handed to the file in chunks: when 16 KiB have gathered or every
 * 250 ms, whichever comes first, and synchronously when the process exits. A write(2) per
 * line costs more than many events do. A chunk is written synchronously (pino's default):
 * an asynchronous write costs a copy of the string, a thread-pool hand-off and a wake-up
 * of the event loop when it is done — more CPU than the write itself.
 *
 * The gathering is done here, not with sonic-boom's `minLength`: that re-measures the whole
 * pending string on every line, which costs more than the write it saves. sonic-boom still
 * does the writing (partial writes, EAGAIN on pipes, the flush at exit).
 */
import fs from 'node:fs';
import pino from 'pino';
import type { RequestLine } from '../transport/router.js';

const CHUNK_BYTES = 16 * 1024;
const FLUSH_EVERY_MS = 250;

export interface ParlorLogger {
  log: pino.Logger;
  /**
   * The per-request line at `info`, byte for byte what `log.info(fields, 'event')` writes,
   * built by hand: it is written for every event, and pino's generic serializer cost about
   * 10 µs and 1.4 KB of garbage per line (a tenth of a chat send).
   */
  request(line: RequestLine): void;
  /** Writes what is gathered and stops the periodic flush. */
  close(): void;
}

export function createLogger(level: string): ParlorLogger {
  const dest = pino.destination({ dest: 1, sync: true });
  let lines: string[] = [];
  let bytes = 0;
  // armed by the first line after a flush (an idle process is not woken for nothing)
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!lines.length) return;
    dest.write(lines.join(''));
    lines = [];
    bytes = 0;
  };
  const gather = {
    write(line: string): boolean {
      lines.push(line);
      bytes += line.length;
      if (bytes >= CHUNK_BYTES) flush();
      else timer ??= setTimeout(flush, FLUSH_EVERY_MS).unref();
      return true;
    },
  };
  const atExit = () => {
    try {
      dest.flushSync();
      if (lines.length) fs.writeSync(1, lines.join(''));
    } catch {
      /* at exit nothing more can be done */
    }
  };
  process.once('exit', atExit);
  const log = pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, gather);
  const prefix = `{"level":30,"time":"`;
  const pid = `","pid":${process.pid},"event":`;
  return {
    log,
    request(l) {
      if (!log.isLevelEnabled('info')) return;
      const room = l.room_id === undefined ? '' : `,"room_id":${JSON.stringify(l.room_id)}`;
      gather.write(`${prefix}${new Date().toISOString()}${pid}${JSON.stringify(l.event)},"user_id":${JSON.stringify(l.user_id)}${room},"outcome":${JSON.stringify(l.outcome)},"duration_ms":${l.duration_ms},"msg":"event"}\n`);
    },
    close() {
      process.off('exit', atExit);
      flush();
    },
  };
}
