/* SPDX-License-Identifier: MIT */
/* diag: gcc-style messages about the user's input, counted (diag.h). */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "diag.h"
#include "mem.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void
diag_init(Diag *d, FILE *out)
{
	d->out = out;
	d->sink = NULL;
	d->sink_ctx = NULL;
	d->before = NULL;
	d->before_ctx = NULL;
	d->hold = NULL;
	d->hold_ctx = NULL;
	d->errors = 0;
	d->warnings = 0;
	d->last[0] = '\0';
	d->keep_errors = false;
	d->errs = NULL;
	d->nerrs = d->caperrs = 0;
}

void
diag_release(Diag *d)
{
	for (int i = 0; i < d->nerrs; i++) {
		mem_free(d->errs[i].file);
		mem_free(d->errs[i].msg);
	}
	mem_free(d->errs);
	d->errs = NULL;
	d->nerrs = d->caperrs = 0;
}

/* Called with the lock held. */
static void
record(Diag *d, const char *file, int line, int col, const char *msg)
{
	if (d->nerrs == d->caperrs) {
		d->caperrs = d->caperrs ? d->caperrs * 2 : 8;
		d->errs = xrealloc(d->errs, sizeof(*d->errs) * (size_t)d->caperrs);
	}
	DiagRecord *r = &d->errs[d->nerrs++];
	r->file = file ? xstrdup(file) : NULL;
	r->line = line > 0 ? line : 0;
	r->col = line > 0 && col > 0 ? col : 0;
	r->msg = xstrdup(msg);
}

/* printf into a new string, however long. */
static char *
format(const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	char *s = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	vsnprintf(s, n > 0 ? (size_t)n + 1 : 1, fmt, again);
	va_end(again);
	return s;
}

/* "file:line:col: " (what is known of it), or "closecheck: ". */
static char *
where(const char *file, int line, int col)
{
	if (!file)
		return xstrdup("closecheck: ");
	char *s = xmalloc(strlen(file) + 32);
	if (line > 0 && col > 0)
		sprintf(s, "%s:%d:%d: ", file, line, col);
	else if (line > 0)
		sprintf(s, "%s:%d: ", file, line);
	else
		sprintf(s, "%s: ", file);
	return s;
}

/* Did d->hold take the message?  Called with the lock held. */
static bool
held(Diag *d, const char *at, const char *what, const char *msg)
{
	if (!d->hold)
		return false;
	char *text = xmalloc(strlen(at) + strlen(what) + strlen(msg) + 4);
	sprintf(text, "%s%s: %s", at, what, msg);
	bool took = d->hold(d->hold_ctx, text);
	mem_free(text);
	return took;
}

/* The whole message is written, however long the path or the text: only
 * the copy in last (for tests) is cut. */
static void
emit(Diag *d, const char *what, const char *file, int line, int col,
     const char *fmt, va_list ap)
{
	char *msg = format(fmt, ap), *at = where(file, line, col);
	pthread_mutex_lock(&lock);
	snprintf(d->last, sizeof(d->last), "%s%s: %s", at, what, msg);
	if (d->out && !held(d, at, what, msg)) {
		if (d->before)
			d->before(d->before_ctx);
		fprintf(d->out, "%s%s: %s\n", at, what, msg);
	}
	if (d->sink)
		d->sink(d->sink_ctx, what, file, line, col, msg);
	if (d->keep_errors && strcmp(what, "error") == 0)
		record(d, file, line, col, msg);
	pthread_mutex_unlock(&lock);
	mem_free(msg);
	mem_free(at);
}

#define DIAG_FN(name, what, counter) \
void name(Diag *d, const char *file, int line, int col, const char *fmt, ...) \
{ \
	va_list ap; \
	va_start(ap, fmt); \
	emit(d, what, file, line, col, fmt, ap); \
	va_end(ap); \
	counter \
}

DIAG_FN(diag_error, "error", pthread_mutex_lock(&lock); d->errors++; pthread_mutex_unlock(&lock);)
DIAG_FN(diag_warning, "warning", pthread_mutex_lock(&lock); d->warnings++; pthread_mutex_unlock(&lock);)
DIAG_FN(diag_note, "note", ;)
