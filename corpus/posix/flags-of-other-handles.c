/* SPDX-License-Identifier: MIT */
/*
 * A function that holds many handles and tests each of them for NULL
 * splits its paths by every such test.  The buffer's walk follows only
 * the tests that can decide something about the buffer: the streams'
 * tests before their own fclose() decide nothing of it, so they do not
 * multiply its paths, and the flag that says the buffer was made (set in
 * another block than the malloc) is still known where it is freed.  When
 * every stream's test was followed, the paths outgrew what a block keeps,
 * the flag was forgotten and the free under it looked skipped.
 */
#include <stdio.h>
#include <stdlib.h>

int cond(int);
void use(const void *);
/* good: the buffer is freed exactly when 'own' says it was made */
int many_streams(void)
{
	int own = 0;
	char *w = NULL;
	FILE *s0 = fopen("0.log", "r");
	FILE *s1 = fopen("1.log", "r");
	FILE *s2 = fopen("2.log", "r");
	FILE *s3 = fopen("3.log", "r");
	FILE *s4 = fopen("4.log", "r");
	FILE *s5 = fopen("5.log", "r");
	FILE *s6 = fopen("6.log", "r");
	FILE *s7 = fopen("7.log", "r");
	FILE *s8 = fopen("8.log", "r");
	if (cond(100)) {
		w = malloc(16);
		if (w)
			own = 1;
	}
	use(w);
	if (cond(0)) {
		if (s0)
			fclose(s0);
		s0 = NULL;
	}
	if (cond(1)) {
		if (s1)
			fclose(s1);
		s1 = NULL;
	}
	if (cond(2)) {
		if (s2)
			fclose(s2);
		s2 = NULL;
	}
	if (cond(3)) {
		if (s3)
			fclose(s3);
		s3 = NULL;
	}
	if (cond(4)) {
		if (s4)
			fclose(s4);
		s4 = NULL;
	}
	if (cond(5)) {
		if (s5)
			fclose(s5);
		s5 = NULL;
	}
	if (cond(6)) {
		if (s6)
			fclose(s6);
		s6 = NULL;
	}
	if (cond(7)) {
		if (s7)
			fclose(s7);
		s7 = NULL;
	}
	if (cond(8)) {
		if (s8)
			fclose(s8);
		s8 = NULL;
	}
	if (own)
		free(w);
	if (s0)
		fclose(s0);
	if (s1)
		fclose(s1);
	if (s2)
		fclose(s2);
	if (s3)
		fclose(s3);
	if (s4)
		fclose(s4);
	if (s5)
		fclose(s5);
	if (s6)
		fclose(s6);
	if (s7)
		fclose(s7);
	if (s8)
		fclose(s8);
	return 0;
}

/* bad: the same, freed under the wrong test */
int many_streams_wrong(void)
{
	int own = 0;
	char *w = NULL;
	FILE *s0 = fopen("0.log", "r");
	FILE *s1 = fopen("1.log", "r");
	FILE *s2 = fopen("2.log", "r");
	FILE *s3 = fopen("3.log", "r");
	FILE *s4 = fopen("4.log", "r");
	FILE *s5 = fopen("5.log", "r");
	FILE *s6 = fopen("6.log", "r");
	FILE *s7 = fopen("7.log", "r");
	FILE *s8 = fopen("8.log", "r");
	if (cond(100)) {
		w = malloc(16);
		if (w)
			own = 1;
	}
	use(w);
	if (cond(0)) {
		if (s0)
			fclose(s0);
		s0 = NULL;
	}
	if (cond(1)) {
		if (s1)
			fclose(s1);
		s1 = NULL;
	}
	if (cond(2)) {
		if (s2)
			fclose(s2);
		s2 = NULL;
	}
	if (cond(3)) {
		if (s3)
			fclose(s3);
		s3 = NULL;
	}
	if (cond(4)) {
		if (s4)
			fclose(s4);
		s4 = NULL;
	}
	if (cond(5)) {
		if (s5)
			fclose(s5);
		s5 = NULL;
	}
	if (cond(6)) {
		if (s6)
			fclose(s6);
		s6 = NULL;
	}
	if (cond(7)) {
		if (s7)
			fclose(s7);
		s7 = NULL;
	}
	if (cond(8)) {
		if (s8)
			fclose(s8);
		s8 = NULL;
	}
	if (!own)
		free(w);
	if (s0)
		fclose(s0);
	if (s1)
		fclose(s1);
	if (s2)
		fclose(s2);
	if (s3)
		fclose(s3);
	if (s4)
		fclose(s4);
	if (s5)
		fclose(s5);
	if (s6)
		fclose(s6);
	if (s7)
		fclose(s7);
	if (s8)
		fclose(s8);
	return 0; /* expect: leak */
}
