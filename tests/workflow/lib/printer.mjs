// What the runner prints: `[job] ` before every line, nesting by two spaces
// per composite level, every line through the masker.
export class Printer {
  constructor(masker, stream = process.stdout) {
    this.masker = masker;
    this.stream = stream;
  }

  write(text) {
    this.stream.write(`${this.masker.mask(text)}\n`);
  }

  job(id) {
    const printer = this;
    return {
      at(depth) {
        const pad = "  ".repeat(depth);
        const line = (t) => String(t).split("\n").forEach((l) => printer.write(`[${id}] ${pad}${l}`));
        return {
          line,
          out: (t) => line(`  | ${t}`),
          error: (t) => line(`  Error: ${t}`),
          warning: (t) => line(`  Warning: ${t}`),
          annotation: (level, message, props) => {
            const title = props.title ? `${props.title}: ` : "";
            line(`  ${level[0].toUpperCase()}${level.slice(1)}: ${title}${message}`);
          },
        };
      },
    };
  }

  run(t) {
    this.write(`[run] ${t}`);
  }
}
