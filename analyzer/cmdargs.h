/* SPDX-License-Identifier: MIT */
/*
 * cmdargs: a build's compile command made into the flags that parse one C
 * file, the way clang-tidy's argument adjusters do.  Pure string work (no
 * libclang), so every rule is unit-tested in tests/test_cmdargs.c.
 *
 * A compile command as a compile database (CMake, Bear, Meson) or a build
 * hook (CMake's CMAKE_C_CLANG_TIDY: `closecheck FILE -- /usr/bin/cc ... -c
 * FILE -o x.o`) gives it carries things that must not reach the parser:
 * the compiler and its launcher (ccache), every input file however it is
 * spelled (src/io.c, ./src/io.c, ../src/io.c, a symlink, twice), outputs
 * (-o, -c), and flags that write files (-MD -MF x.d, -Wp,-MD,x,
 * -save-temps).  Parsing with them would give libclang two inputs or write
 * .d files into the user's tree.
 */
#ifndef CLOSECHECK_CMDARGS_H
#define CLOSECHECK_CMDARGS_H

#include <stdbool.h>
#include "mem.h"

typedef enum Lang {
	LANG_C,
	LANG_HEADER,            /* .h: analysed through a unit that includes it */
	LANG_ASM,               /* .s .S .sx .asm */
	LANG_CXX,               /* .cc .cpp .cxx .C .c++ .hpp ... */
	LANG_OBJC,              /* .m .mm */
	LANG_OTHER,             /* anything else a build may list (.o, .rc, .cu) */
} Lang;

typedef VEC(char *) StrVec;

/* The language file is in: a -x in argv wins over the file's name. */
Lang cmdargs_lang(const char *file, int argc, const char *const *argv);
/* "assembler", "C++", ... for messages. */
const char *cmdargs_lang_name(Lang lang);

/* Does argv[0] look like a compiler or a launcher (cc, gcc-12, clang,
 * arm-none-eabi-gcc, /usr/bin/cc, ccache, distcc)?  Then a command after
 * '--' is a whole compile command, not flags. */
bool cmdargs_is_compiler(const char *arg);

/* Appends to out copies of the flags of a compile command: without the
 * compiler and its launcher (argv[0] when command is true, as in a compile
 * database; otherwise only when it looks like one), without every argument
 * that names an input (the file in any spelling, and any other source,
 * object or library: the unit's file is given to the parser on its own),
 * without outputs and without flags that write files or turn warnings
 * into errors.  Values of options that take one ("-include x.h",
 * "-MF x.d") are never mistaken for inputs. */
void cmdargs_clean(int argc, const char *const *argv, bool command, StrVec *out);

/* --removed-arg: drops every argument equal to one of removed. */
void cmdargs_remove(StrVec *args, int nremoved, const char *const *removed);

void strvec_release(StrVec *v);

#endif
