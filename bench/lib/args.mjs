/** The bench scripts' command line: `--name value` or `--name=value`, and bare `--flag`s. */
export function cli(argv = process.argv.slice(2)) {
  return {
    args: argv,
    has: (flag) => argv.includes(`--${flag}`),
    /** The value of `--name`, or `def`. */
    opt(name, def) {
      const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
      if (i < 0) return def;
      return argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
    },
  };
}
