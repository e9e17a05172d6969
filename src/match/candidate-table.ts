import { foldText } from '../fold.ts';
import type { AmbiguousName } from '../glossary/entry.ts';
import type { NameForm, NameType } from '../glossary/expand.ts';
import type { Region } from '../locale.ts';
import { regionMask } from '../region.ts';
import { StringTable } from '../string-table.ts';

/** One entity a folded key can name, and how. */
export interface KeyCandidate {
  /** Unique across the matcher's candidates, for per-candidate tables. */
  readonly index: number;
  readonly entityId: string;
  /** Unique per entity across the matcher, for per-entity tables. */
  readonly entityIndex: number;
  readonly form: NameForm;
  readonly type: NameType;
  readonly latin: boolean;
  readonly ambiguity: AmbiguousName | null;
  /**
   * The ambiguity's context words, folded once at compile time; words that are
   * themselves ambiguous names (国会 as context for 参议院) are left out: they say
   * nothing until decided themselves.
   */
  readonly contextKeys: readonly string[];
  /** The ambiguity's regions as a mask (regionBit); 0 when it declares none. */
  readonly homeRegions: number;
  /** The ambiguity's against words, folded. */
  readonly againstKeys: readonly string[];
  /** The regions that admit the name as written, as regionBit flags (0 for none). */
  readonly admittedIn: number;
}

/** What a candidate of an ambiguous name carries beyond the typed arrays (few: a glossary declares a handful). */
export interface CandidateAmbiguity {
  readonly ambiguity: AmbiguousName;
  readonly contextKeys: readonly string[];
  readonly againstKeys: readonly string[];
}

/** A name as the candidate table needs it. */
export interface CandidateName {
  readonly entityId: string;
  readonly type: NameType;
  readonly form: NameForm;
  readonly latin: boolean;
  readonly ambiguity: AmbiguousName | null;
  readonly admitted?: readonly Region[];
}

const FORMS = ['preferred', 'full', 'short'] as const satisfies readonly NameForm[];
const TYPES = ['name', 'full', 'short', 'alias', 'deprecated', 'variant'] as const satisfies readonly NameType[];

/** A candidate's fields, as a table being filled takes them (putCandidate). */
export interface CandidateRow {
  /** Index into the table's entity ids. */
  readonly entity: number;
  readonly form: NameForm;
  readonly type: NameType;
  readonly latin: boolean;
  /** regionMask of the regions that admit the name as written. */
  readonly admittedIn: number;
  readonly ambiguity: AmbiguousName | null;
}

/** The per-candidate columns of a table being filled: CandidateParts but the keys and entity ids. */
export type CandidateColumns = Omit<CandidateParts, 'keyStart' | 'entityIds' | 'ambiguous'> & { readonly ambiguous: Map<number, CandidateAmbiguity> };

/** Empty columns for count candidates. */
export function candidateColumns(count: number): CandidateColumns {
  const bytes = () => new Uint8Array(count);
  return { entity: new Int32Array(count), form: bytes(), type: bytes(), latin: bytes(), admittedIn: bytes(), homeRegions: bytes(), ambiguous: new Map() };
}

/**
 * Candidate i of the columns. A context word that is itself an ambiguous name
 * (isAmbiguousName of the folded word) says nothing until decided, so it is left
 * out of the ambiguity's context keys.
 */
export function putCandidate(columns: CandidateColumns, i: number, row: CandidateRow, isAmbiguousName: (folded: string) => boolean): void {
  columns.entity[i] = row.entity;
  columns.form[i] = FORMS.indexOf(row.form);
  columns.type[i] = TYPES.indexOf(row.type);
  columns.latin[i] = row.latin ? 1 : 0;
  columns.admittedIn[i] = row.admittedIn;
  const a = row.ambiguity;
  if (!a) return;
  columns.homeRegions[i] = regionMask(a.regions ?? []);
  columns.ambiguous.set(i, { ambiguity: a, contextKeys: a.context.map(foldText).filter((word) => !isAmbiguousName(word)), againstKeys: (a.against ?? []).map((word) => foldText(word.trim())) });
}

/** What a CandidateTable is made of, as its artifact stores it. */
export interface CandidateParts {
  /** Key k's candidates are keyStart[k] to keyStart[k + 1]. */
  readonly keyStart: Int32Array;
  /** Per candidate: its entity (index into entityIds), FORMS and TYPES index, latin, admitted regions, the ambiguity's regions. */
  readonly entity: Int32Array;
  readonly form: Uint8Array;
  readonly type: Uint8Array;
  readonly latin: Uint8Array;
  readonly admittedIn: Uint8Array;
  readonly homeRegions: Uint8Array;
  /** By entity index. */
  readonly entityIds: StringTable;
  /** By candidate index, the candidates of ambiguous names. */
  readonly ambiguous: ReadonlyMap<number, CandidateAmbiguity>;
}

/** What a matcher asks of its keys' candidates: a CandidateTable, or one patched by edits (matcher-patch.ts). */
export interface Candidates {
  /** Per key, the index of its one candidate when the key names one entity and needs no context, else -1. */
  readonly plainIndex: Int32Array;
  readonly entityCount: number;
  /** KeyCandidate.entityIndex by candidate index. */
  readonly entityOf: Int32Array;
  /** KeyCandidate.admittedIn by candidate index. */
  readonly admittedOf: Uint8Array;
  candidate(index: number): KeyCandidate;
  ofKey(key: number): readonly KeyCandidate[];
}

/**
 * The candidates of every key of a matcher, as typed arrays: a large glossary has
 * hundreds of thousands, and a process that scans one sentence needs a few. A
 * KeyCandidate object is made the first time it is asked for, then kept.
 */
export class CandidateTable implements Candidates {
  private readonly byIndex: (KeyCandidate | undefined)[];
  private readonly byKey: (readonly KeyCandidate[] | undefined)[];
  /** Per key, the index of its one candidate when the key names one entity and needs no context, else -1. */
  readonly plainIndex: Int32Array;

  private constructor(
    readonly parts: CandidateParts,
    plainIndex?: Int32Array,
    /** Added to every candidate's index (KeyCandidate.index): a patch's table numbers its candidates after its base's. */
    private readonly indexBase = 0,
  ) {
    const keys = parts.keyStart.length - 1;
    this.byIndex = new Array<KeyCandidate | undefined>(parts.entity.length);
    this.byKey = new Array<readonly KeyCandidate[] | undefined>(keys);
    this.plainIndex = plainIndex ?? new Int32Array(keys);
    if (plainIndex) return;
    for (let k = 0; k < keys; k++) {
      const first = parts.keyStart[k]!;
      this.plainIndex[k] = parts.keyStart[k + 1]! - first === 1 && !parts.ambiguous.has(first) ? first : -1;
    }
  }

  /** plainIndex: as this table computed it (an artifact stores it), else computed here. */
  static fromParts(parts: CandidateParts, plainIndex?: Int32Array, indexBase = 0): CandidateTable {
    return new CandidateTable(parts, plainIndex, indexBase);
  }

  get entityOf(): Int32Array {
    return this.parts.entity;
  }

  get admittedOf(): Uint8Array {
    return this.parts.admittedIn;
  }

  /**
   * The candidates of each key (found[k] for keys[k]: one name per entity, the most
   * important type speaking for it), entities numbered in the order of entityIds.
   */
  static compile(keys: readonly string[], found: readonly (readonly CandidateName[])[], entityIds: readonly string[]): CandidateTable {
    const entityIndex = new Map(entityIds.map((id, i) => [id, i]));
    let count = 0;
    for (const list of found) count += list.length;
    // Context words that are themselves ambiguous names say nothing until decided.
    const ambiguousKeyText = new Set(keys.filter((_, k) => found[k]!.length > 1 || found[k]!.some((n) => n.ambiguity !== null)));
    const keyStart = new Int32Array(found.length + 1);
    const columns = candidateColumns(count);
    const isAmbiguousName = (word: string) => ambiguousKeyText.has(word);
    let i = 0;
    found.forEach((list, k) => {
      keyStart[k] = i;
      for (const n of list) putCandidate(columns, i++, { entity: entityIndex.get(n.entityId)!, form: n.form, type: n.type, latin: n.latin, admittedIn: regionMask(n.admitted ?? []), ambiguity: n.ambiguity }, isAmbiguousName);
    });
    keyStart[found.length] = i;
    return new CandidateTable({ keyStart, ...columns, entityIds: StringTable.of(entityIds) });
  }

  get entityCount(): number {
    return this.parts.entityIds.size;
  }

  candidate(index: number): KeyCandidate {
    return (this.byIndex[index] ??= this.make(index));
  }

  ofKey(key: number): readonly KeyCandidate[] {
    let list = this.byKey[key];
    if (!list) {
      const made: KeyCandidate[] = [];
      for (let i = this.parts.keyStart[key]!; i < this.parts.keyStart[key + 1]!; i++) made.push(this.candidate(i));
      this.byKey[key] = list = made;
    }
    return list;
  }

  private make(index: number): KeyCandidate {
    const p = this.parts;
    const ambiguous = p.ambiguous.get(index);
    return {
      index: index + this.indexBase,
      entityId: p.entityIds.at(p.entity[index]!),
      entityIndex: p.entity[index]!,
      form: FORMS[p.form[index]!]!,
      type: TYPES[p.type[index]!]!,
      latin: p.latin[index] === 1,
      ambiguity: ambiguous?.ambiguity ?? null,
      contextKeys: ambiguous?.contextKeys ?? [],
      homeRegions: p.homeRegions[index]!,
      againstKeys: ambiguous?.againstKeys ?? [],
      admittedIn: p.admittedIn[index]!,
    };
  }
}
