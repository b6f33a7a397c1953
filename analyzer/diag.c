/* SPDX-License-Identifier: MIT */
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

static void
emit(Diag *d, const char *what, const char *file, int line, int col,
     const char *fmt, va_list ap)
{
	char msg[600], where[400] = "";
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (file && line > 0 && col > 0)
		snprintf(where, sizeof(where), "%s:%d:%d: ", file, line, col);
	else if (file && line > 0)
		snprintf(where, sizeof(where), "%s:%d: ", file, line);
	else if (file)
		snprintf(where, sizeof(where), "%s: ", file);
	else
		snprintf(where, sizeof(where), "closecheck: ");
	pthread_mutex_lock(&lock);
	snprintf(d->last, sizeof(d->last), "%s%s: %s", where, what, msg);
	if (d->out && d->before)
		d->before(d->before_ctx);
	if (d->out)
		fprintf(d->out, "%s\n", d->last);
	if (d->sink)
		d->sink(d->sink_ctx, what, file, line, col, msg);
	if (d->keep_errors && strcmp(what, "error") == 0)
		record(d, file, line, col, msg);
	pthread_mutex_unlock(&lock);
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
