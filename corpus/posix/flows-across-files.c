/* SPDX-License-Identifier: MIT */
/*
 * The flows of flows-through-helpers.c with the helpers in another file
 * (flows-across-files-helpers.c): the whole-program summaries say what a
 * helper does to an element of the array it is given, to a member of a
 * struct given by value, to a member two levels down, and through a
 * `void *`.
 */
#include <stdlib.h>

struct card {
	char *title;
	int rank;
};

struct shelf {
	struct card *top;
};

void xf_show_elem(char *v[]);
void xf_free_elem(char *v[]);
void xf_show_card(struct card c);
void xf_free_card(struct card c);
void xf_show_top(struct shelf *s);
void xf_clear_top(struct shelf *s);
void xf_show_ref(void *arg);
void xf_free_ref(void *arg);

/* BUG */
void
xf_elem_leak(void)
{
	char *v[2];
	v[1] = malloc(8);
	if (!v[1])
		return;
	xf_show_elem(v);
} /* expect: leak */

/* OK */
void
xf_elem_freed(void)
{
	char *v[2];
	v[1] = malloc(8);
	if (!v[1])
		return;
	xf_free_elem(v);
}

/* BUG */
void
xf_card_leak(void)
{
	struct card c = {0};
	c.title = malloc(8);
	if (!c.title)
		return;
	xf_show_card(c);
} /* expect: leak */

/* OK */
void
xf_card_freed(void)
{
	struct card c = {0};
	c.title = malloc(8);
	if (!c.title)
		return;
	xf_free_card(c);
}

/* BUG: the title set here is replaced while the helper only showed it */
void
xf_top_replaced(struct shelf *s)
{
	s->top->title = malloc(8);
	xf_show_top(s);
	s->top->title = malloc(8); /* expect: leak */
}

/* OK: the helper freed and reset it */
void
xf_top_cleared(struct shelf *s)
{
	s->top->title = malloc(8);
	xf_clear_top(s);
	s->top->title = malloc(8);
}

/* BUG */
void
xf_ref_leak(void)
{
	char *p = malloc(8);
	if (!p)
		return;
	xf_show_ref(&p);
} /* expect: leak */

/* OK */
void
xf_ref_freed(void)
{
	char *p = malloc(8);
	if (!p)
		return;
	xf_free_ref(&p);
}
