/* SPDX-License-Identifier: MIT */
/*
 * The helpers of flows-across-files.c, in another translation unit: each
 * reaches the caller's buffer in its own way, and either frees it (the
 * caller is done with it) or only shows it (the caller still owns it).
 * Nothing here is wrong.
 */
#include <stdlib.h>

void show(const char *s);

struct card {
	char *title;
	int rank;
};

struct shelf {
	struct card *top;
};

void xf_show_elem(char *v[]) { show(v[1]); }
void xf_free_elem(char *v[]) { free(v[1]); }
void xf_show_card(struct card c) { show(c.title); }
void xf_free_card(struct card c) { free(c.title); }
void xf_show_top(struct shelf *s) { show(s->top->title); }

void
xf_clear_top(struct shelf *s)
{
	if (!s)
		return;
	free(s->top->title);
	s->top->title = NULL;
}

void
xf_show_ref(void *arg)
{
	char **pp = arg;
	show(*pp);
}

void
xf_free_ref(void *arg)
{
	char **pp = arg;
	free(*pp);
	*pp = NULL;
}
