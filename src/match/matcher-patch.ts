import { foldText } from '../fold.ts';
import { regionMask } from '../region.ts';
import { CandidateTable, candidateColumns, putCandidate, type CandidateRow, type Candidates, type KeyCandidate } from './candidate-table.ts';
import { KeyTrie, LayeredKeys } from './key-trie.ts';
import { keyFlags, keyIn, Matcher, type MatcherName, type PatchBase } from './matcher.ts';

/**
 * A matcher for a glossary some entities of which changed since its base was
 * compiled, made in milliseconds where compiling the whole takes seconds at 100,000
 * entities: the base's trie, guards and candidate tables are shared as they are;
 * what changed is laid over them. Keys no name is left behind are dead (the scan
 * passes them by), keys new to the glossary go into a small trie of their own
 * (numbered after the base's), and the keys whose candidates changed get new
 * candidate lists (numbered after the base's candidates).
 *
 * It finds and decides exactly what Matcher.compile of the changed glossary's names
 * would: the rows GlossarySnapshot.rowsWith gives (the base's rows, the changed
 * entities' taken out and their new ones after them, in `changed`'s order). Per-key
 * flags of a changed key are compiled from every name of every entity naming it
 * (namesOf reads an unchanged entity's names: a region mark depends on all of them).
 *
 * changed: each changed entity's names now (null when deleted), in the order of its
 * first change since the base.
 */
export function patchMatcher(base: PatchBase, changed: ReadonlyMap<string, readonly MatcherName[] | null>, namesOf: (entityId: string) => readonly MatcherName[]): Matcher {
  const parts = base.table.parts;
  const baseKeys = base.keyTable.size;
  const baseCandidates = parts.entity.length;
  // The changed entities the base has: their candidates are all taken out.
  const baseEntities = parts.entityIds.positions();
  const removed = new Uint8Array(parts.entityIds.size);
  const touched = new Set<number>();
  const keysOf = keysOfEntities(base.table);
  for (const id of changed.keys()) {
    const e = baseEntities.get(id);
    if (e === undefined) continue;
    removed[e] = 1;
    for (let i = keysOf.start[e]!; i < keysOf.start[e + 1]!; i++) touched.add(keysOf.keys[i]!);
  }

  // The changed entities' names by key: a key the base has keeps its number, a new one is numbered after the base's.
  const addedKeys: string[] = [];
  const numberOf = new Map<string, number>();
  const addedByKey = new Map<number, MatcherName[]>();
  for (const names of changed.values()) {
    for (const n of names ?? []) {
      let k = numberOf.get(n.key);
      if (k === undefined) {
        k = keyIn(base.trie, n.key);
        if (k < 0) k = baseKeys + addedKeys.push(n.key) - 1;
        numberOf.set(n.key, k);
      }
      touched.add(k);
      const list = addedByKey.get(k);
      if (list) list.push(n);
      else addedByKey.set(k, [n]);
    }
  }
  const keyCount = baseKeys + addedKeys.length;
  const keyText = (k: number) => (k < baseKeys ? base.keyTable.at(k) : addedKeys[k - baseKeys]!);

  // Entities new to the matcher are numbered after the base's.
  const newEntityIds: string[] = [];
  const newEntityIndex = new Map<string, number>();
  const entityOf = (id: string): number => {
    let e = baseEntities.get(id) ?? newEntityIndex.get(id);
    if (e === undefined) {
      e = parts.entityIds.size + newEntityIds.push(id) - 1;
      newEntityIndex.set(id, e);
    }
    return e;
  };

  // A key's new candidates: the base's, but those of changed entities, then the changed entities' own (one per entity, its first name of the key).
  const lists = new Map<number, PatchedCandidate[]>();
  const listOf = (k: number): PatchedCandidate[] => {
    const list: PatchedCandidate[] = [];
    if (k < baseKeys) {
      for (let c = parts.keyStart[k]!; c < parts.keyStart[k + 1]!; c++) if (removed[parts.entity[c]!] === 0) list.push({ base: c, entityId: parts.entityIds.at(parts.entity[c]!) });
    }
    for (const n of addedByKey.get(k) ?? []) if (!list.some((c) => c.entityId === n.entityId)) list.push({ name: n, entityId: n.entityId });
    return list;
  };
  for (const k of touched) lists.set(k, listOf(k));

  // A context word that is itself an ambiguous name says nothing (CandidateTable.compile): when a
  // changed key becomes or stops being one, the base candidates whose context holds it change too.
  const baseAmbiguousKey = (k: number) => parts.keyStart[k + 1]! - parts.keyStart[k]! > 1 || hasAmbiguous(parts.ambiguous, parts.keyStart[k]!, parts.keyStart[k + 1]!);
  const ambiguousKey = (k: number) => {
    const list = lists.get(k);
    if (!list) return k < baseKeys && baseAmbiguousKey(k);
    return list.length > 1 || list.some((c) => (c.base !== undefined ? parts.ambiguous.has(c.base) : c.name!.ambiguity !== null));
  };
  const flipped = new Set<string>();
  for (const k of touched) if ((k < baseKeys && baseAmbiguousKey(k)) !== ambiguousKey(k)) flipped.add(keyText(k));
  if (flipped.size > 0) {
    for (const [c, a] of parts.ambiguous) {
      if (!a.ambiguity.context.some((w) => flipped.has(foldText(w)))) continue;
      const k = keyOfCandidate(parts.keyStart, c);
      if (!lists.has(k)) lists.set(k, listOf(k));
    }
  }
  const isAmbiguousText = (w: string) => {
    const k = numberOf.get(w) ?? keyIn(base.trie, w);
    return k >= 0 && ambiguousKey(k);
  };

  // Per-key flags of the changed keys, from every name of the entities that name them.
  const involved = new Set<string>();
  for (const list of lists.values()) for (const c of list) involved.add(c.entityId);
  const rows: MatcherName[] = [];
  for (const id of involved) rows.push(...(changed.has(id) ? (changed.get(id) ?? []) : namesOf(id)));
  const flags = keyFlags(rows);

  const capitalsOnly = grown(base.capitalsOnly, keyCount);
  const regionMarks = grown(base.regionMarks, keyCount);
  const capitalizedOnly = grown(base.capitalizedOnly, keyCount);
  const dead = new Uint8Array(baseKeys);
  const plainIndex = new Int32Array(keyCount);
  plainIndex.set(base.table.plainIndex);
  plainIndex.fill(-1, baseKeys);
  // Few keys change in an edit: their slots by key, not an array over every key.
  const slotOf = new Map<number, number>();

  // The changed keys' candidates, as a table of their own numbered after the base's candidates.
  const slots = [...lists.keys()].sort((a, b) => a - b);
  let total = 0;
  for (const k of slots) total += lists.get(k)!.length;
  const keyStart = new Int32Array(slots.length + 1);
  const columns = candidateColumns(total);
  let i = 0;
  slots.forEach((k, slot) => {
    const list = lists.get(k)!;
    keyStart[slot] = i;
    slotOf.set(k, slot);
    if (list.length === 0 && k < baseKeys) dead[k] = 1;
    const f = flags.get(keyText(k));
    if (f) {
      capitalsOnly[k] = f.capitalsOnly;
      capitalizedOnly[k] = f.capitalizedOnly;
      regionMarks[k] = f.regionMarks;
    }
    let anyAmbiguous = false;
    for (const c of list) {
      // A kept base candidate keeps its entity's number; a changed entity's is its base number, or a new one.
      const row: CandidateRow = c.base !== undefined ? { ...base.table.candidate(c.base), entity: parts.entity[c.base]! } : { ...c.name!, entity: entityOf(c.entityId), admittedIn: regionMask(c.name!.admitted ?? []) };
      anyAmbiguous ||= row.ambiguity !== null;
      putCandidate(columns, i++, row, isAmbiguousText);
    }
    plainIndex[k] = list.length === 1 && !anyAmbiguous ? baseCandidates + keyStart[slot]! : -1;
  });
  keyStart[slots.length] = i;

  const entityIds = parts.entityIds.appended(newEntityIds);
  const delta = CandidateTable.fromParts({ keyStart, ...columns, entityIds }, undefined, baseCandidates);
  const table = new PatchedCandidates(base.table, delta, slotOf, plainIndex, entityIds.size);

  const added = KeyTrie.build(addedKeys, Int32Array.from(addedKeys, (_, a) => baseKeys + a));
  const addedFirsts = new Uint8Array(0x10000);
  for (const key of addedKeys) addedFirsts[key.charCodeAt(0)] = 1;
  return Matcher.patched(base, {
    keyTable: base.keyTable.appended(addedKeys),
    table,
    capitalsOnly,
    regionMarks,
    capitalizedOnly,
    guards: base.guards ? base.guards.withKeys(addedKeys) : null,
    layers: new LayeredKeys(base.trie, dead, added, addedFirsts),
  });
}

/** A changed key's candidate: a base candidate kept (its index), or a changed entity's name. */
interface PatchedCandidate {
  readonly entityId: string;
  readonly base?: number;
  readonly name?: MatcherName;
}

/** The base table's candidates, with the changed keys' lists read from a table of their own. */
class PatchedCandidates implements Candidates {
  readonly entityOf: Int32Array;
  readonly admittedOf: Uint8Array;

  constructor(
    private readonly base: CandidateTable,
    private readonly delta: CandidateTable,
    /** The changed keys' slots in delta; a key not in it has the base's list. */
    private readonly slotOf: ReadonlyMap<number, number>,
    readonly plainIndex: Int32Array,
    readonly entityCount: number,
  ) {
    this.entityOf = grown(base.entityOf, base.entityOf.length + delta.entityOf.length, delta.entityOf);
    this.admittedOf = grown(base.admittedOf, base.admittedOf.length + delta.admittedOf.length, delta.admittedOf);
  }

  candidate(index: number): KeyCandidate {
    const size = this.base.entityOf.length;
    return index < size ? this.base.candidate(index) : this.delta.candidate(index - size);
  }

  ofKey(key: number): readonly KeyCandidate[] {
    const slot = this.slotOf.get(key);
    return slot !== undefined ? this.delta.ofKey(slot) : this.base.ofKey(key);
  }
}

/**
 * Make the tables every patch of this base reads (made on the first edit otherwise):
 * its entities by id, and each entity's keys. Tens of milliseconds each at 100,000
 * entities, half a second at 1,000,000 (where searching the ids at every edit took 25 ms).
 */
export function preparePatches(base: PatchBase): (() => void)[] {
  return [() => base.table.parts.entityIds.positions(), () => keysOfEntities(base.table)];
}

const keysByEntity = new WeakMap<CandidateTable, { start: Int32Array; keys: Int32Array }>();

/** The keys each entity of a base table names (keys[start[e]] to keys[start[e + 1]]), made once per base. */
function keysOfEntities(table: CandidateTable): { start: Int32Array; keys: Int32Array } {
  let index = keysByEntity.get(table);
  if (!index) {
    const { keyStart, entity, entityIds } = table.parts;
    const start = new Int32Array(entityIds.size + 1);
    for (let c = 0; c < entity.length; c++) start[entity[c]! + 1]!++;
    for (let e = 0; e < entityIds.size; e++) start[e + 1]! += start[e]!;
    const fill = start.slice(0, entityIds.size);
    const keys = new Int32Array(entity.length);
    for (let k = 0; k + 1 < keyStart.length; k++) for (let c = keyStart[k]!; c < keyStart[k + 1]!; c++) keys[fill[entity[c]!]!++] = k;
    index = { start, keys };
    keysByEntity.set(table, index);
  }
  return index;
}

function hasAmbiguous(ambiguous: ReadonlyMap<number, unknown>, from: number, to: number): boolean {
  for (let c = from; c < to; c++) if (ambiguous.has(c)) return true;
  return false;
}

/** The key whose candidates hold candidate c: the last whose start is at most c (every key of a base has candidates). */
function keyOfCandidate(keyStart: Int32Array, c: number): number {
  let lo = 0;
  let hi = keyStart.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (keyStart[mid]! <= c) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** array, then b (when given), in a new array of length (zeros past them). */
function grown<T extends Int32Array | Uint8Array>(array: T, length: number, b?: T): T {
  const out = new (array.constructor as { new (length: number): T })(length);
  out.set(array);
  if (b) out.set(b, array.length);
  return out;
}
