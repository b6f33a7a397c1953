/* SPDX-License-Identifier: MIT */
/*
 * Accepted false positive, docs/evaluation.md cause 13 (reduced from real
 * code): an invariant between two fields of a table entry (a step without a
 * callback always has free_result set) that no local analysis can know; a
 * user suppresses it with `// closecheck: ignore[leak]`.
 * The findings are wrong and marked `known-false`; when the engine
 * learns this, the runner says so and the mark and the docs change.
 */
#include <libpq-fe.h>
struct step { void (*cb)(PGresult *res, void *arg); void *arg; int free_result; };
/* Invariant of the step table: a step without a callback always has free_result set. */
void process(PGconn *conn, const struct step *s)
{
	PGresult *res = PQgetResult(conn);
	if (s->cb)
		s->cb(res, s->arg);
	if (s->free_result)
		PQclear(res);
} /* known-false: leak */
