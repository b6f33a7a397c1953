/* SPDX-License-Identifier: MIT */
/*
 * cmdargs: compile commands made into parse flags.  The tables below say
 * which gcc/clang options take their value as the next argument (so that
 * value is not mistaken for an input file) and which ones produce files.
 */
#include <stdlib.h>
#include <string.h>
#include "cmdargs.h"

/* Options whose value is the next argument when written alone ("-I dir"). */
static const char *const separate[] = {
	"-o", "-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote",
	"-idirafter", "-iprefix", "-iwithprefix", "-iwithprefixbefore",
	"-isysroot", "-imultilib", "-iframework", "-isystem-after", "-MF", "-MT",
	"-MQ", "-MJ", "-x", "-Xclang", "-Xpreprocessor", "-Xassembler",
	"-Xlinker", "-Xanalyzer", "-mllvm", "-arch", "-target", "-L", "-l", "-T",
	"-u", "-z", "-e", "-aux-info", "--param", "-gcc-toolchain", "-B", "-G",
	"-A", "-F", "-framework", "-ivfsoverlay", "-working-directory",
	"--sysroot", "-dependency-file", "-serialize-diagnostics",
	"--serialize-diagnostics", "-main-file-name", "-specs", "-wrapper", "-include-pch",
	"--include", "--include-directory", "--define-macro", "--undefine-macro",
	"--output", "--language", "--dependencies", NULL,
};

/* Options (with their separate value, when one is listed above) that make
 * the compiler write a file or stop before parsing, or that turn warnings
 * into errors: none of that is the analyser's business. */
static const char *const dropped[] = {
	"-o", "--output", "-c", "-S", "-E", "-M", "-MM", "-MD", "-MMD", "-MG",
	"-MP", "-MV", "-MF", "-MT", "-MQ", "-MJ", "--dependencies",
	"-save-temps", "--save-temps", "-dependency-file",
	"-serialize-diagnostics", "--serialize-diagnostics", "-aux-info",
	"-Werror", "-pedantic-errors", "-Wfatal-errors", "-pipe", "--", NULL,
};

/* Joined spellings of dropped options: "-MFx.d", "-ox.o", "-Werror=x". */
static const char *const dropped_prefix[] = {
	"-MF", "-MT", "-MQ", "-MJ", "-o", "--output=", "-save-temps=",
	"--save-temps=", "-Werror=", "-ftime-trace", "-fdump-", "--serialize-diagnostics=",
	NULL,
};

static bool
in(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

static bool
has_prefix_in(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strncmp(s, *list, strlen(*list)) == 0)
			return true;
	return false;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* "gcc-12", "clang-22", "arm-none-eabi-gcc", "x86_64-linux-gnu-gcc-12.2". */
bool
cmdargs_is_compiler(const char *arg)
{
	static const char *const names[] = {
		"cc", "c89", "c99", "c11", "gcc", "clang", "tcc", "icc", "icx",
		"pcc", "c++", "g++", "clang++", "ccache", "distcc", "sccache",
		"icecc", "cgcc", NULL,
	};
	if (!arg || arg[0] == '-' || !arg[0])
		return false;
	const char *b = base_name(arg);
	size_t n = strlen(b);
	/* drop a version suffix: -12, -12.2 */
	const char *dash = strrchr(b, '-');
	if (dash && dash[1] && strspn(dash + 1, "0123456789.") == strlen(dash + 1))
		n = (size_t)(dash - b);
	for (const char *const *p = names; *p; p++) {
		size_t k = strlen(*p);
		if (n < k || strncmp(b + n - k, *p, k) != 0)
			continue;
		if (n == k || b[n - k - 1] == '-')
			return true;
	}
	return false;
}

static bool
is_launcher(const char *arg)
{
	static const char *const names[] = {"ccache", "distcc", "sccache", "icecc", NULL};
	return in(names, base_name(arg));
}

static Lang
lang_of_x(const char *x)
{
	if (strcmp(x, "c") == 0 || strcmp(x, "cpp-output") == 0)
		return LANG_C;
	if (strcmp(x, "c-header") == 0)
		return LANG_HEADER;
	if (strncmp(x, "assembler", 9) == 0)
		return LANG_ASM;
	if (strncmp(x, "c++", 3) == 0)
		return LANG_CXX;
	if (strncmp(x, "objective-c", 11) == 0)
		return LANG_OBJC;
	return LANG_OTHER;
}

static Lang
lang_of_name(const char *file)
{
	static const struct { const char *ext; Lang lang; } exts[] = {
		{"c", LANG_C}, {"i", LANG_C}, {"h", LANG_HEADER},
		{"s", LANG_ASM}, {"S", LANG_ASM}, {"sx", LANG_ASM}, {"asm", LANG_ASM},
		{"cc", LANG_CXX}, {"cp", LANG_CXX}, {"cpp", LANG_CXX},
		{"cxx", LANG_CXX}, {"c++", LANG_CXX}, {"C", LANG_CXX},
		{"CPP", LANG_CXX}, {"ii", LANG_CXX}, {"hh", LANG_CXX},
		{"hpp", LANG_CXX}, {"hxx", LANG_CXX}, {"h++", LANG_CXX},
		{"H", LANG_CXX}, {"cppm", LANG_CXX}, {"ixx", LANG_CXX},
		{"m", LANG_OBJC}, {"mi", LANG_OBJC}, {"mm", LANG_OBJC},
		{"M", LANG_OBJC}, {"mii", LANG_OBJC},
		{"cu", LANG_OTHER}, {"f", LANG_OTHER}, {"f90", LANG_OTHER},
		{"F", LANG_OTHER}, {"o", LANG_OTHER}, {"a", LANG_OTHER},
		{"so", LANG_OTHER}, {"rc", LANG_OTHER},
	};
	const char *b = base_name(file), *dot = strrchr(b, '.');
	if (!dot)
		return LANG_C;          /* no extension: taken as C when asked */
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (strcmp(dot + 1, exts[i].ext) == 0)
			return exts[i].lang;
	return LANG_C;
}

Lang
cmdargs_lang(const char *file, int argc, const char *const *argv)
{
	const char *x = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-x") == 0 && i + 1 < argc)
			x = argv[++i];
		else if (strncmp(argv[i], "-x", 2) == 0 && argv[i][2])
			x = argv[i] + 2;
		else if (strncmp(argv[i], "--language=", 11) == 0)
			x = argv[i] + 11;
	}
	if (x && strcmp(x, "none") != 0)
		return lang_of_x(x);
	return lang_of_name(file);
}

const char *
cmdargs_lang_name(Lang lang)
{
	switch (lang) {
	case LANG_C: return "C";
	case LANG_HEADER: return "C header";
	case LANG_ASM: return "assembler";
	case LANG_CXX: return "C++";
	case LANG_OBJC: return "Objective-C";
	case LANG_OTHER: break;
	}
	return "not C";
}

/* -Wp,-MD,x.d,-D_FORTIFY_SOURCE=2 -> -Wp,-D_FORTIFY_SOURCE=2 (or nothing):
 * the preprocessor options of -Wp that write dependency files go, with
 * their file names. */
static char *
clean_wp(const char *arg)
{
	char *copy = xstrdup(arg + 4), *out = xmalloc(strlen(arg) + 1);
	strcpy(out, "-Wp");
	bool any = false;
	char *save = NULL;
	for (char *p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		if (strcmp(p, "-MD") == 0 || strcmp(p, "-MMD") == 0 ||
		    strcmp(p, "-MF") == 0 || strcmp(p, "-MT") == 0 || strcmp(p, "-MQ") == 0) {
			strtok_r(NULL, ",", &save);    /* its file */
			continue;
		}
		if (in(dropped, p) || has_prefix_in(dropped_prefix, p))
			continue;
		strcat(out, ",");
		strcat(out, p);
		any = true;
	}
	mem_free(copy);
	if (!any) {
		mem_free(out);
		return NULL;
	}
	return out;
}

void
cmdargs_clean(int argc, const char *const *argv, bool command, StrVec *out)
{
	int i = 0;
	/* ccache gcc ..., distcc cc ..., /usr/bin/cc ... */
	if (i < argc && is_launcher(argv[i]))
		i++;
	if (i < argc && argv[i][0] != '-' && (command || cmdargs_is_compiler(argv[i])))
		i++;
	for (; i < argc; i++) {
		const char *a = argv[i];
		bool takes = in(separate, a) && i + 1 < argc;
		if (in(dropped, a)) {
			i += takes;
			continue;
		}
		if (takes) {
			vec_push(out, xstrdup(a));
			vec_push(out, xstrdup(argv[++i]));
			continue;
		}
		if (a[0] != '-' || a[1] == '\0') {
			/* an input: the file in any spelling, another source, an
			 * object, a library, or '-' (standard input) */
			continue;
		}
		if (strncmp(a, "-Wp,", 4) == 0) {
			char *w = clean_wp(a);
			if (w)
				vec_push(out, w);
			continue;
		}
		/* -ofile.o, -MFx.d, -Werror=x (but -objcmt-... is no output) */
		if (has_prefix_in(dropped_prefix, a) && strncmp(a, "-obj", 4) != 0)
			continue;
		vec_push(out, xstrdup(a));
	}
}

void
cmdargs_remove(StrVec *args, int nremoved, const char *const *removed)
{
	int k = 0;
	for (int i = 0; i < args->n; i++) {
		bool drop = false;
		for (int r = 0; r < nremoved && !drop; r++)
			drop = strcmp(args->v[i], removed[r]) == 0;
		if (drop)
			mem_free(args->v[i]);
		else
			args->v[k++] = args->v[i];
	}
	args->n = k;
}

void
strvec_release(StrVec *v)
{
	for (int i = 0; i < v->n; i++)
		mem_free(v->v[i]);
	vec_free(v);
}
