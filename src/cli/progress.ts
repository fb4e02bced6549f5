import cliProgress from 'cli-progress'
import type { OutputStream } from './context'

/** Progress of one long piece of work, on stderr: a bar on a terminal, a few plain lines elsewhere (CI, logs). */
export interface Progress {
  update(done: number): void
  stop(): void
}

/** Without a terminal: a line at most every 10% (and at the end), so that logs stay short. */
const STEP = 0.1

export function startProgress(label: string, total: number, stream: OutputStream): Progress {
  if (stream.isTTY && total > 0) {
    const bar = new cliProgress.SingleBar(
      {
        // A terminal: process.stderr (a tty.WriteStream), whose cursor the bar moves.
        stream: stream as NodeJS.WriteStream,
        format: `${label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    )
    bar.start(total, 0)
    return {
      update: (done) => bar.update(Math.min(done, total)),
      stop: () => bar.stop(),
    }
  }
  let printed = -1
  const print = (done: number) => {
    const fraction = total > 0 ? Math.min(done / total, 1) : 1
    if (printed >= 0 && fraction < 1 && fraction - printed < STEP) return
    if (fraction === printed) return
    printed = fraction
    stream.write(
      `${label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${Math.floor(fraction * 100)}%)\n`,
    )
  }
  return {
    update: print,
    stop: () => {},
  }
}
