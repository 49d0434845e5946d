// The commander flags of each command, derived from the option table (src/settings/options.ts): nothing here
// declares an option; this only says how a table entry becomes a commander Option, and how --help is laid out.

import { Command, InvalidArgumentError, Option } from "commander";
import { GROUP_HEADINGS, OptionValueError, optionsOf, type CommandName, type CommandOption, type Parse } from "../settings/options.js";

function parser(parse: Parse): (value: string, previous: unknown) => unknown {
  return (value, previous) => {
    try {
      return parse(value, previous);
    } catch (e) {
      if (e instanceof OptionValueError) throw new InvalidArgumentError(e.message);
      throw e;
    }
  };
}

export function toOption(o: CommandOption): Option {
  const option = new Option(o.short ? `${o.short}, ${o.flag}` : o.flag, o.help);
  if (o.choices) option.choices([...o.choices]);
  if (o.parse) option.argParser(parser(o.parse));
  if (o.default !== undefined) option.default(o.default);
  return option.helpGroup(GROUP_HEADINGS[o.group]);
}

/** Adds every option the table gives `name` to `cmd`, in the table's order (grouped in --help). */
export function addOptions(cmd: Command, name: CommandName): Command {
  for (const o of optionsOf(name)) cmd.addOption(toOption(o));
  return cmd;
}

/**
 * The lines of `dockaudit --help` after the command list: the most used options of `audit` (the default command),
 * one line each, so a newcomer sees what to type without a second --help.
 */
export function commonOptionsHelp(): string {
  const rows = optionsOf("audit").filter((o) => o.common).map((o) => [o.short ? `${o.short}, ${o.flag}` : `    ${o.flag}`, o.brief ?? o.help.replace(/( \(|: |; ).*$/, "")] as const);
  const width = Math.max(...rows.map(([f]) => f.length));
  return `\nMost used options of audit (dockaudit audit --help lists them all):\n${rows.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`).join("\n")}\n`;
}
