import { packArtifact, unpackArtifact, ArtifactRefused } from './binary-artifact.ts';
import { checkStamp, readStoredArtifact, type BuildStamp } from './db/artifact-repository.ts';
import type { Store } from './db/connection.ts';
import type { Entry } from './glossary/entry.ts';

/**
 * Which entries each topic holds: the entries with `topics` (terms and titles of works
 * imported from Wikipedia's groups, or curated ones), which apply only in text whose
 * caller enables one of their topics. An entry without topics applies everywhere and
 * is in no topic.
 */
export class TopicIndex {
  private constructor(private readonly ids: ReadonlyMap<string, readonly string[]>) {}

  static of(entries: Iterable<Entry>): TopicIndex {
    return TopicIndex.grouped(new Map(), entries);
  }

  /** ids (topic -> entry ids, taken over) with these entries added, each list sorted. */
  private static grouped(ids: Map<string, string[]>, entries: Iterable<Entry>): TopicIndex {
    for (const entry of entries) {
      for (const topic of entry.topics ?? []) {
        let list = ids.get(topic);
        if (!list) ids.set(topic, (list = []));
        list.push(entry.id);
      }
    }
    for (const list of ids.values()) list.sort();
    return new TopicIndex(ids);
  }

  /** The topics and how many entries each holds, by name. */
  list(): { topic: string; entries: number }[] {
    return [...this.ids].map(([topic, ids]) => ({ topic, entries: ids.length })).sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
  }

  /** How many topics there are (none: every entry applies in any text). */
  get size(): number {
    return this.ids.size;
  }

  /** The ids of the entries in any of these topics (each known: see unknown). */
  idsIn(topics: readonly string[]): Set<string> {
    const out = new Set<string>();
    for (const topic of topics) for (const id of this.ids.get(topic) ?? []) out.add(id);
    return out;
  }

  /** The topics of the list this index does not know, for a message that names them. */
  unknown(topics: readonly string[]): string[] {
    return topics.filter((t) => !this.ids.has(t));
  }

  /**
   * This index with some entries replaced (after) or removed (after null): an edit
   * through the service may give an entry topics or take them away.
   */
  withChanges(changes: ReadonlyMap<string, Entry | null>): TopicIndex {
    const ids = new Map<string, string[]>();
    for (const [topic, list] of this.ids) {
      const kept = list.filter((id) => !changes.has(id));
      if (kept.length > 0) ids.set(topic, kept);
    }
    return TopicIndex.grouped(ids, [...changes.values()].filter((after): after is Entry => after !== null));
  }

  artifact(stamp: BuildStamp): Buffer {
    return packArtifact(KIND, { ...stamp, topics: Object.fromEntries(this.ids) }, {});
  }

  static fromArtifact(bytes: Buffer, stamp: BuildStamp): TopicIndex {
    const { meta } = unpackArtifact(bytes, KIND);
    const m = meta as BuildStamp & { topics?: Record<string, string[]> };
    checkStamp(m, stamp);
    if (typeof m.topics !== 'object' || m.topics === null) throw new ArtifactRefused('has no topics');
    return new TopicIndex(new Map(Object.entries(m.topics)));
  }
}

/** Topics a caller asked for that the glossary does not have. */
export class UnknownTopics extends Error {
  constructor(
    readonly unknown: readonly string[],
    readonly known: readonly string[],
  ) {
    const shown = known.length > 40 ? `${known.slice(0, 40).join(', ')}, ... (${known.length} in all; GET /v1/topics or glossary topics lists them)` : known.join(', ');
    super(`unknown topic${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')} (${known.length === 0 ? 'this glossary has no topics' : `topics: ${shown}`})`);
  }
}

/** Does the entry apply in any text (no topics), rather than only where a topic is enabled? */
export function appliesEverywhere(entry: Entry): boolean {
  return entry.topics === undefined;
}

/**
 * The topics a caller asked for, each once, in the order given: '--topic IT,Movie' and
 * repeated options alike. Names are checked against the glossary's topics by the caller.
 */
export function topicList(values: readonly string[]): string[] {
  return [...new Set(values.flatMap((v) => v.split(',')).map((t) => t.trim()).filter((t) => t.length > 0))];
}

const KIND = 'topics-v1';
export const TOPICS_ARTIFACT = 'topics';

/** The store's topic index, or undefined when the store has none (built before topics) or a bad one. */
export function readStoredTopics(db: Store): Promise<TopicIndex | undefined> {
  return readStoredArtifact(db, TOPICS_ARTIFACT, 'topic index', TopicIndex.fromArtifact);
}
