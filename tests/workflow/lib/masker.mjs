// Secret masking: every secret and every ::add-mask:: value becomes *** in
// whatever the runner prints or writes (logs, annotations, summary, report).
export class Masker {
  #values = [];

  add(value) {
    if (typeof value !== "string") return;
    for (const v of [value, ...value.split(/\r?\n/)]) {
      const t = v.trim();
      if (t.length > 0 && !this.#values.includes(t)) this.#values.push(t);
    }
    this.#values.sort((a, b) => b.length - a.length);
  }

  mask(text) {
    let out = String(text);
    for (const v of this.#values) out = out.split(v).join("***");
    return out;
  }

  contains(text) {
    return this.#values.some((v) => String(text).includes(v));
  }
}
