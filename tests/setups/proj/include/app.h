/* SPDX-License-Identifier: MIT */
/* The set-up project's one header, found through -Iinclude (-I../include). */
#ifndef APP_H
#define APP_H
#include <stddef.h>

int read_config(const char *path, char *buf, int n);   /* src/io.c */
size_t trim(char *s);                                   /* lib/strutil.c */
int asm_answer(void);                                   /* src/start.S */

static inline int app_ok(int rc) { return rc == 0; }
#endif
