/* SPDX-License-Identifier: MIT */
/*
 * isolate: work done in child processes, so that a crash, a hang or a
 * memory blow-up in one piece of work (a unit that overflows libclang's
 * stack) costs that piece only.  iso_run() forks one child per item, at
 * most `jobs` at a time, each with an address-space limit and killed at a
 * deadline; a child sends its results back as lines of JSON (jansson) on a
 * pipe, and the parent hands them on as they arrive and says in words how
 * an item ended when it did not end well.
 *
 * The wire: strings are sent byte for byte (each byte as the code point of
 * the same value), so a path or a message that is not UTF-8 comes back as
 * it went.  Findings and Diag messages have encoders here.
 */
#ifndef CLOSECHECK_ISOLATE_H
#define CLOSECHECK_ISOLATE_H

#include <jansson.h>
#include "diag.h"
#include "finding.h"

typedef struct IsoChild IsoChild;

typedef struct Isolate {
	int jobs;                /* children at once, >= 1 */
	int timeout;             /* seconds per item; 0: none */
	int memory_mb;           /* address space per child; 0: none */
	/* in the child: does item i, sending with iso_send() */
	void (*work)(void *ctx, int i, IsoChild *c);
	/* in the parent, all below: item i is about to start */
	void (*on_start)(void *ctx, int i);
	/* one message of item i, in the order sent */
	void (*on_msg)(void *ctx, int i, json_t *msg);
	/* item i is over: failure NULL, or what went wrong as a sentence
	 * ("closecheck crashed while analysing this file (signal 11:
	 * segmentation fault)") */
	void (*on_end)(void *ctx, int i, const char *failure);
	void *ctx;
} Isolate;

/* Runs items 0..n-1 to their ends. */
void iso_run(const Isolate *iso, int n);
/* In the child: sends msg (the reference is taken). */
void iso_send(IsoChild *c, json_t *msg);

/* How a child ended, as iso_run() says it: status as from waitpid(). */
void iso_describe(int status, int memory_mb, char *buf, size_t n);

/* The wire's strings: NULL is null. */
json_t *wire_str(const char *s);
/* A string of the wire into a, or NULL. */
const char *wire_get(const json_t *j, Arena *a);

/* A Diag message as {"diag": [what, file, line, col, msg]}. */
json_t *wire_diag(const char *what, const char *file, int line, int col, const char *msg);
/* A Diag sink that sends each message as {"diag": [what, file, line, col, msg]}
 * (ctx: the IsoChild). */
void wire_diag_sink(void *ctx, const char *what, const char *file, int line,
		    int col, const char *msg);
/* Replays a "diag" message into d; false if msg is not one. */
bool wire_diag_replay(const json_t *msg, Diag *d);
/* A finding set as an array, and back (added to out). */
json_t *wire_findings(const FindingSet *s);
void wire_add_findings(const json_t *arr, FindingSet *out);

#endif
