/**
 * The PostgreSQL channel replicas listen on (ChangeNotices): a change recorded in the
 * journal is announced with its number, a new build of the glossary store with
 * `build <schema>`. Either way a listener looks for what is new.
 */
export const CHANGE_CHANNEL = 'glossary_changes';
