/**
 * Training progress in the terminal.
 *
 * On a TTY: one line, redrawn in place at most 10 times a second and cut to the terminal's width,
 *   epoch 12/100 [█████░░░░░]  45% loss 0.532 acc 0.812 lr 0.0499 ETA 0:12
 * and erased by `finish()`. `log(line)` prints a line above it (the bar is redrawn below).
 * Elsewhere (CI logs, pipes, files): plain lines, never a carriage return, printed when another
 * `everyPercent` of the steps is done or `everySeconds` have passed, and at the last step.
 *
 * The time left is the steps still to do divided by the rate measured since the start.
 * The stream and the clock can be injected, which is how the tests drive it.
 *
 * @example
 * const progress = createProgress({ total: epochs * stepsPerEpoch, epochs });
 * progress.update(step, { epoch, loss, accuracy, lr: optimizer.currentLearningRate });
 * progress.finish();
 */

/** The part of a writable stream the reporter uses (process.stderr has it). */
export interface ProgressStream {
  isTTY?: boolean;
  /** Terminal width in characters (TTY only); 80 when unknown. */
  columns?: number;
  write(chunk: string): unknown;
}

export interface ProgressFields {
  epoch: number;
  /** A step number to show next to the epoch (for example the batch within the epoch). */
  step?: number;
  loss: number;
  accuracy?: number;
  /** The current learning rate. */
  lr?: number;
}

export interface ProgressOptions {
  /** Steps in the whole run; `update(done)` counts towards it. */
  total: number;
  /** Epochs in the run, shown as "epoch 12/100"; without it, "epoch 12". */
  epochs?: number;
  stream?: ProgressStream;
  /** A word in front of the line ("train", a model's name). */
  label?: string;
  /** Milliseconds since any fixed origin (default performance.now). */
  now?: () => number;
  /** Non-TTY: print a line each time this much more of the run is done (default 10). */
  everyPercent?: number;
  /** Non-TTY: or when this many seconds passed since the last line (default 5). */
  everySeconds?: number;
}

export interface Progress {
  /** `done` steps of `total` are finished; the fields describe the latest one. */
  update(done: number, fields: ProgressFields): void;
  /** Prints a line above the bar (or just a line, off a TTY). */
  log(line: string): void;
  /** Erases the bar (TTY) or prints the last state if it was not printed yet (elsewhere). */
  finish(): void;
}

const REDRAW_MS = 100;
const BAR_WIDTH = 20;
const CLEAR_LINE = '\r\x1b[K';

export function createProgress({
  total, epochs, stream = process.stderr, label, now = () => performance.now(), everyPercent = 10, everySeconds = 5,
}: ProgressOptions): Progress {
  if (!Number.isInteger(total) || total <= 0) throw new RangeError(`createProgress: total must be a positive integer, got ${total}`);
  if (epochs !== undefined && (!Number.isInteger(epochs) || epochs <= 0)) {
    throw new RangeError(`createProgress: epochs must be a positive integer, got ${epochs}`);
  }
  if (!(everyPercent > 0)) throw new RangeError(`createProgress: everyPercent must be > 0, got ${everyPercent}`);
  if (!(everySeconds > 0)) throw new RangeError(`createProgress: everySeconds must be > 0, got ${everySeconds}`);
  const tty = stream.isTTY === true;
  const start = now();
  let last: { done: number; fields: ProgressFields } | undefined;
  let lastDraw = -Infinity;
  let lastPrintedDone = -1;
  let nextPercent = everyPercent;
  let shown = false; // TTY: a bar is on screen

  const line = (withBar: boolean): string => {
    const { done, fields } = last!;
    const elapsed = now() - start;
    const percent = `${Math.floor((100 * done) / total)}%`;
    // In display order; on a narrow terminal the pieces with the lowest `keep` go first.
    let pieces = [
      { text: label ?? '', keep: 4 },
      { text: `epoch ${fields.epoch}${epochs === undefined ? '' : `/${epochs}`}`, keep: 9 },
      { text: fields.step === undefined ? '' : `step ${fields.step}`, keep: 3 },
      // Padded on a TTY so the text after it does not jump as it grows.
      { text: withBar ? percent.padStart(4) : `${percent} (${done}/${total})`, keep: 9 },
      { text: `loss ${formatValue(fields.loss)}`, keep: 9 },
      { text: fields.accuracy === undefined ? '' : `acc ${formatValue(fields.accuracy)}`, keep: 2 },
      { text: fields.lr === undefined ? '' : `lr ${formatValue(fields.lr)}`, keep: 1 },
      { text: `ETA ${done > 0 && elapsed > 0 ? formatDuration(((total - done) * elapsed) / done) : '-:--'}`, keep: 5 },
    ].filter((p) => p.text !== '');
    const join = (): string => pieces.map((p) => p.text).join(' ');
    if (!withBar) return join();
    // Some pseudo-terminals report 0 columns: treat that as unknown.
    const width = (stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80) - 1;
    // The bar takes what the text leaves, up to BAR_WIDTH; it is the first thing to go.
    const room = width - join().length - 3;
    if (room >= 5) {
      pieces.splice(pieces.findIndex((p) => p.text.endsWith('%')), 0, { text: `[${bar(done / total, Math.min(BAR_WIDTH, room))}]`, keep: 0 });
      return join();
    }
    for (;;) {
      const text = join();
      const drop = Math.min(...pieces.map((p) => p.keep));
      if (text.length <= width || drop >= 9) return text.slice(0, width);
      pieces = pieces.filter((p) => p.keep !== drop);
    }
  };

  return {
    update(done, fields) {
      if (!Number.isFinite(done) || done < 0) throw new RangeError(`progress.update: done must be a number ≥ 0, got ${done}`);
      last = { done: Math.min(done, total), fields };
      const t = now();
      const final = last.done === total;
      if (tty) {
        if (!final && t - lastDraw < REDRAW_MS) return;
        stream.write(`${CLEAR_LINE}${line(true)}`);
        shown = true;
      } else {
        const percent = (100 * last.done) / total;
        if (!final && percent < nextPercent && t - lastDraw < everySeconds * 1000) return;
        if (last.done === lastPrintedDone) return;
        stream.write(`${line(false)}\n`);
        lastPrintedDone = last.done;
        while (nextPercent <= percent) nextPercent += everyPercent;
      }
      lastDraw = t;
    },
    log(text) {
      if (tty && shown) {
        stream.write(`${CLEAR_LINE}${text}\n${line(true)}`);
      } else {
        stream.write(`${text}\n`);
      }
    },
    finish() {
      if (tty) {
        if (shown) stream.write(CLEAR_LINE);
        shown = false;
      } else if (last !== undefined && last.done !== lastPrintedDone) {
        stream.write(`${line(false)}\n`);
        lastPrintedDone = last.done;
      }
    },
  };
}

/** A bar of `width` cells, filled to `fraction` with eighth-blocks for the partial cell. */
function bar(fraction: number, width: number): string {
  const eighths = Math.round(Math.min(1, Math.max(0, fraction)) * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = eighths % 8;
  const partialChar = partial > 0 ? ' ▏▎▍▌▋▊▉'[partial]! : '';
  return '█'.repeat(full) + partialChar + '░'.repeat(width - full - (partial > 0 ? 1 : 0));
}

/** Three significant digits (all the integer digits from 100 on), exponent form below 0.001 and from 100000. */
export function formatValue(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e5) return x.toExponential(2);
  return a >= 100 ? x.toFixed(0) : x.toPrecision(3);
}

/** m:ss, or h:mm:ss from an hour. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
