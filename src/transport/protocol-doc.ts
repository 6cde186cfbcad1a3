/**
 * Generates the table parts of docs/PROTOCOL.md from the router table, so the docs cannot
 * drift from what the server accepts: every client→server event with its payload fields
 * (walked from the zod schemas: names, types, optionality, bounds) and rate class, the rate
 * classes, and each shipped game module's actions, alias events and queries.
 *
 * The generated parts sit between `<!-- BEGIN GENERATED: name -->` and
 * `<!-- END GENERATED: name -->` markers; everything else in the file (replies, pushes,
 * error codes) is kept by hand. `npm run docs:protocol` rewrites the file;
 * test/unit/protocol-doc.test.ts fails when it is out of date.
 *
 * @example
 * const next = renderProtocolDoc(fs.readFileSync('docs/PROTOCOL.md', 'utf8'));
 */
import type { z } from 'zod';
import { ErrorCode } from '../core/errors.js';
import { events, type RateClass } from '../protocol/events.js';
import { fieldDocs } from '../protocol/fields.js';
import { shippedGames } from '../games/index.js';
import type { GameModule } from '../games/game-module.js';
import { CLASS_LIMITS, CONNECT_LIMIT } from './rate-limits.js';
import type { BucketLimit } from '../store/ports.js';
import { SUCCESS_EVENTS } from './routes.js';

export interface FieldDoc {
  name: string;
  type: string;
  required: boolean;
  /** JSON of the schema's default, when it has one. */
  default?: string;
}

export interface EventDoc {
  name: string;
  rate: RateClass;
  fields: FieldDoc[];
  /** The event emitted with the data when no ack is given. */
  successEvent: string;
}

export interface ModuleDoc {
  type: string;
  players: string;
  metadata: FieldDoc[];
  actions: { name: string; fields: FieldDoc[] }[];
  /** Alias (move shorthand) and query events the module adds to the router. */
  events: { name: string; kind: 'alias' | 'query'; action?: string; fields: FieldDoc[] }[];
}

export interface ProtocolTable {
  events: EventDoc[];
  modules: ModuleDoc[];
  rates: Record<RateClass, BucketLimit>;
}

// ---------------------------------------------------------------------------------------
// zod walking. zod 4 keeps each schema's definition in `_zod.def` (`type` plus its parts).

interface Def {
  type: string;
  [k: string]: any;
}
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const SAFE = Number.MAX_SAFE_INTEGER;

/** Strips optional/nullable/default/preprocess wrappers, noting what they said. */
function unwrap(schema: z.ZodType): { schema: z.ZodType; optional: boolean; default?: unknown } {
  let s = schema;
  let optional = false;
  let dflt: unknown;
  for (;;) {
    if (fieldDocs.has(s)) break;
    const d = defOf(s);
    if (d.type === 'optional') {
      optional = true;
      s = d.innerType;
    } else if (d.type === 'nullable' || d.type === 'readonly' || d.type === 'catch') {
      s = d.innerType;
    } else if (d.type === 'default' || d.type === 'prefault') {
      optional = true;
      dflt = typeof d.defaultValue === 'function' ? d.defaultValue() : d.defaultValue;
      s = d.innerType;
    } else if (d.type === 'pipe') {
      // preprocess / coerce: the rules are on the output side; a transform output: on the input side
      s = defOf(d.out).type === 'transform' ? d.in : d.out;
    } else break;
  }
  return { schema: s, optional, ...(dflt === undefined ? {} : { default: dflt }) };
}

function range(lo: number | null, hi: number | null, unit = ''): string {
  if (lo !== null && hi !== null) return lo === hi ? ` ${lo}${unit}` : ` ${lo}${lo < 0 ? ' to ' : '–'}${hi}${unit}`;
  if (lo !== null) return ` ≥ ${lo}${unit}`;
  if (hi !== null) return ` ≤ ${hi}${unit}`;
  return '';
}

function numberType(d: Def): string {
  let lo: number | null = null;
  let hi: number | null = null;
  let int = false;
  let exclusive = false;
  for (const c of d.checks ?? []) {
    const cd = c._zod.def;
    if (cd.check === 'number_format' && /int/.test(cd.format)) int = true;
    if (cd.check === 'greater_than') (lo = cd.value), (exclusive ||= !cd.inclusive);
    if (cd.check === 'less_than') (hi = cd.value), (exclusive ||= !cd.inclusive);
  }
  if (lo !== null && lo <= -SAFE) lo = null;
  if (hi !== null && hi >= SAFE) hi = null;
  const name = int ? 'integer' : 'number';
  if (!exclusive) return name + range(lo, hi);
  return `${name}${lo === null ? '' : ` > ${lo}`}${hi === null ? '' : `${lo === null ? '' : ','} < ${hi}`}`;
}

function stringType(d: Def): string {
  let lo: number | null = null;
  let hi: number | null = null;
  const extra: string[] = [];
  for (const c of d.checks ?? []) {
    const cd = c._zod.def;
    if (cd.check === 'min_length') lo = cd.minimum;
    if (cd.check === 'max_length') hi = cd.maximum;
    if (cd.check === 'length_equals') lo = hi = cd.length;
    if (cd.check === 'string_format') extra.push(cd.format === 'regex' ? `matching ${String(cd.pattern)}` : cd.format);
  }
  return ['string' + range(lo, hi), ...extra].join(', ');
}

function lengthRange(d: Def): string {
  let lo: number | null = null;
  let hi: number | null = null;
  for (const c of d.checks ?? []) {
    const cd = c._zod.def;
    if (cd.check === 'min_length') lo = cd.minimum;
    if (cd.check === 'max_length') hi = cd.maximum;
  }
  return range(lo, hi, ' items').trim();
}

const paren = (t: string) => (t.includes(' | ') || t.includes(', ') ? `(${t})` : t);

/** A schema's type in words: `string 1–64`, `integer 0–8`, `"a" | "b"`, `array of …`. */
export function typeOf(schema: z.ZodType): string {
  const u = unwrap(schema);
  const doc = fieldDocs.get(u.schema);
  if (doc) return doc.type;
  const d = defOf(u.schema);
  switch (d.type) {
    case 'string':
      return stringType(d);
    case 'number':
      return numberType(d);
    case 'boolean':
    case 'null':
      return d.type;
    case 'literal':
      return (d.values as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
    case 'enum':
      return Object.values(d.entries as Record<string, string | number>).map((v) => JSON.stringify(v)).join(' | ');
    case 'array': {
      const n = lengthRange(d);
      return `array of ${paren(typeOf(d.element))}${n ? ` (${n})` : ''}`;
    }
    case 'object': {
      const fields = fieldsOf(u.schema);
      const open = d.catchall !== undefined && defOf(d.catchall).type !== 'never';
      const inner = fields.map((f) => `${f.name}${f.required ? '' : '?'}: ${f.type}`).join('; ');
      return `object {${inner}${open ? `${inner ? '; ' : ''}…` : ''}}`;
    }
    case 'record':
      return `object of ${paren(typeOf(d.keyType))} → ${paren(typeOf(d.valueType))}`;
    case 'union':
      return (d.options as z.ZodType[]).map((o) => typeOf(o)).join(' | ');
    case 'unknown':
    case 'any':
    case 'custom':
      return 'any JSON value';
    default:
      return d.type;
  }
}

/** The fields of an object schema (wrappers stripped), in declaration order. */
export function fieldsOf(schema: z.ZodType): FieldDoc[] {
  const d = defOf(unwrap(schema).schema);
  if (d.type !== 'object') return [];
  return Object.entries(d.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const u = unwrap(field);
    return { name, type: typeOf(field), required: !u.optional, ...(u.default === undefined ? {} : { default: JSON.stringify(u.default) }) };
  });
}

// ---------------------------------------------------------------------------------------
// The table

/** Module events take `room_id` (and moves `action_id?`, `expected_version?`) as `game_action` does. */
function gameActionField(name: string): FieldDoc {
  return fieldsOf(events.game_action.schema).find((f) => f.name === name)!;
}

function moduleDoc(m: GameModule): ModuleDoc {
  const players = m.minPlayers === m.maxPlayers ? `${m.minPlayers}` : `${m.minPlayers}–${m.maxPlayers}`;
  const metadata = Object.entries(m.metadata ?? {}).map(([name, schema]) => {
    const u = unwrap(schema);
    return { name, type: typeOf(schema), required: false, ...(u.default === undefined ? {} : { default: JSON.stringify(u.default) }) };
  });
  const actions = Object.entries(m.actions).map(([name, def]) => ({ name, fields: fieldsOf(def.schema) }));
  const aliasEvents = Object.entries(m.aliases ?? {}).map(([name, alias]) => {
    const actionSchema = m.actions[alias.action]?.schema;
    const actionFields = actionSchema ? fieldsOf(actionSchema) : [];
    const moved = alias.payloadKeys.map((k) => actionFields.find((f) => f.name === k) ?? { name: k, type: 'any JSON value', required: false });
    const extras = [gameActionField('action_id'), gameActionField('expected_version')];
    return { name, kind: 'alias' as const, action: alias.action, fields: [gameActionField('room_id'), ...moved, ...extras] };
  });
  const queryEvents = Object.entries(m.queries ?? {}).map(([name, q]) => ({ name, kind: 'query' as const, fields: [gameActionField('room_id'), ...fieldsOf(q.schema)] }));
  return { type: m.type, players, metadata, actions, events: [...aliasEvents, ...queryEvents] };
}

/** The router table as the docs show it: core events, shipped modules, rate classes. */
export function routerTable(modules: GameModule[] = shippedGames): ProtocolTable {
  return {
    events: Object.entries(events).map(([name, def]) => ({
      name,
      rate: def.rate,
      fields: fieldsOf(def.schema),
      successEvent: (SUCCESS_EVENTS as Record<string, string | undefined>)[name] ?? `${name}_success`,
    })),
    modules: modules.map(moduleDoc),
    rates: CLASS_LIMITS,
  };
}

// ---------------------------------------------------------------------------------------
// Markdown

const cell = (s: string) => s.replace(/\|/g, '\\|');
const code = (s: string) => `\`${s}\``;

function fieldTable(fields: FieldDoc[]): string[] {
  if (fields.length === 0) return ['No payload: send `{}` or nothing.'];
  const withDefault = fields.some((f) => f.default !== undefined);
  const head = withDefault ? ['| field | type | required | default |', '|---|---|---|---|'] : ['| field | type | required |', '|---|---|---|'];
  return [
    ...head,
    ...fields.map((f) => `| ${code(f.name)} | ${cell(f.type)} | ${f.required ? 'yes' : 'no'} |${withDefault ? ` ${f.default === undefined ? '' : code(f.default)} |` : ''}`),
  ];
}

/** `a, b?` — a compact field list for summary tables. */
const fieldNames = (fields: FieldDoc[]) => (fields.length ? fields.map((f) => code(f.required ? f.name : `${f.name}?`)).join(', ') : '—');
/** `` `cell`: integer; `hit_location`?: … `` — field names with types, for one table cell. */
const fieldCell = (fields: FieldDoc[]) => (fields.length ? cell(fields.map((f) => `${code(f.name)}${f.required ? '' : '?'}: ${f.type}`).join('; ')) : '—');

function clientEventsBlock(t: ProtocolTable): string[] {
  const out = ['| event | rate class | payload |', '|---|---|---|'];
  for (const e of t.events) out.push(`| [${code(e.name)}](#${e.name}) | ${e.rate} | ${fieldNames(e.fields)} |`);
  for (const e of t.events) {
    out.push('', `### ${e.name}`, '');
    out.push(`Rate class \`${e.rate}\`. Without an ack the reply comes as \`${e.successEvent}\`.`, '');
    out.push(...fieldTable(e.fields));
  }
  return out;
}

function rateClassesBlock(t: ProtocolTable): string[] {
  const out = ['| class | per second | burst | events |', '|---|---|---|---|'];
  for (const [cls, limit] of Object.entries(t.rates) as [RateClass, BucketLimit][]) {
    const names = t.events.filter((e) => e.rate === cls).map((e) => code(e.name));
    if (cls === 'game') names.push('every game module event');
    out.push(`| ${code(cls)} | ${limit.perSecond} | ${limit.burst} | ${names.join(', ') || '—'} |`);
  }
  out.push('', `Connection attempts: ${CONNECT_LIMIT.max} per ${CONNECT_LIMIT.windowMs / 1000} s per IP address.`);
  return out;
}

function gameModulesBlock(t: ProtocolTable): string[] {
  const out: string[] = [];
  for (const m of t.modules) {
    out.push(`### ${m.type}`, '', `Players: ${m.players}.`, '');
    if (m.metadata.length) out.push('Metadata keys read at creation:', '', ...fieldTable(m.metadata), '');
    out.push('Actions (`game_action {room_id, action, payload}`):', '', '| action | payload |', '|---|---|');
    for (const a of m.actions) out.push(`| ${code(a.name)} | ${fieldCell(a.fields)} |`);
    if (m.events.length) {
      out.push('', 'Events (rate class `game`):', '', '| event | meaning | payload |', '|---|---|---|');
      for (const e of m.events) {
        const meaning = e.kind === 'alias' ? `\`game_action\` \`${e.action}\`` : 'query (read only)';
        out.push(`| ${code(e.name)} | ${meaning} | ${fieldCell(e.fields)} |`);
      }
    }
    out.push('');
  }
  return out.slice(0, -1);
}

const begin = (name: string) => `<!-- BEGIN GENERATED: ${name} (npm run docs:protocol) -->`;
const end = (name: string) => `<!-- END GENERATED: ${name} -->`;

function replaceBlock(doc: string, name: string, lines: string[]): string {
  const a = doc.indexOf(begin(name));
  const b = doc.indexOf(end(name));
  if (a < 0 || b < a) throw new Error(`docs/PROTOCOL.md lacks the markers of the generated block "${name}"`);
  return `${doc.slice(0, a)}${begin(name)}\n${lines.join('\n')}\n${doc.slice(b)}`;
}

/** `doc` with every generated block rewritten from `table` (hand-kept text untouched). */
export function renderProtocolDoc(doc: string, table: ProtocolTable = routerTable()): string {
  let out = doc;
  out = replaceBlock(out, 'client-events', clientEventsBlock(table));
  out = replaceBlock(out, 'rate-classes', rateClassesBlock(table));
  out = replaceBlock(out, 'game-modules', gameModulesBlock(table));
  return out;
}

/** The text of the `## title` section (up to the next `## ` heading). */
export function section(doc: string, title: string): string {
  const start = doc.indexOf(`\n## ${title}\n`);
  if (start < 0) return '';
  const next = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, next < 0 ? undefined : next);
}

/** What is wrong with `doc`: out of date, an error code or an event missing from the hand-kept sections. */
export function protocolDocProblems(doc: string, table: ProtocolTable = routerTable()): string[] {
  const problems: string[] = [];
  if (renderProtocolDoc(doc, table) !== doc) problems.push('the generated blocks are out of date with the router table: run `npm run docs:protocol`');
  const errors = section(doc, 'Error codes');
  for (const c of Object.keys(ErrorCode)) if (!errors.includes(code(c))) problems.push(`error code ${c} is missing from "## Error codes"`);
  const replies = section(doc, 'Replies');
  const names = [...table.events.map((e) => e.name), ...table.modules.flatMap((m) => m.events.map((e) => e.name))];
  for (const n of names) if (!replies.includes(code(n))) problems.push(`event ${n} has no reply documented in "## Replies"`);
  return problems;
}
