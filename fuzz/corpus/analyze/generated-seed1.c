#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <pthread.h>
#include <libpq-fe.h>
#include <sqlite3.h>

extern int cond(int);
extern void use(const void *);
extern pthread_mutex_t mu[8];
extern sqlite3 *db;
struct holder { char *buf; FILE *fp; int fd; PGconn *conn; PGresult *res; sqlite3_stmt *st; };
extern PGconn *gconn;

int r0_f0(void)
{
	PGconn *h0 = NULL;
	FILE *h1 = NULL;
	sqlite3_stmt *h2 = NULL;
	PGresult *h3 = NULL;
	sqlite3_stmt *h4 = NULL;
	FILE *h5 = NULL;
	int h6 = -1;
	PGconn *h7 = NULL;
	FILE *h8 = NULL;
	int h9 = -1;
	char *h10 = NULL;
	sqlite3_stmt *h11 = NULL;
	sqlite3_stmt *h12 = NULL;
	int h13 = -1;
	PGconn *h14 = NULL;
	PGresult *h15 = NULL;
	int h16 = -1;
	sqlite3_stmt *h17 = NULL;
	FILE *h18 = NULL;
	PGconn *h19 = NULL;
	PGconn *h20 = NULL;
	PGconn *h21 = NULL;
	sqlite3_stmt *h22 = NULL;
	PGresult *h23 = NULL;
	sqlite3_stmt *h24 = NULL;
	sqlite3_finalize(h24); h24 = NULL;
	{ PGconn *a0 = h20; h20 = NULL; if (cond(669)) { PQfinish(a0); } else { h20 = a0; } }
	h15 = PQexec(gconn, "SELECT 86");
	if (!h15) goto out;
	use(&h21);
	if (cond(519)) {
		switch (cond(283)) {
		case 0:
			for (int i2 = 0; i2 < 6; i2++) {
				use(&h14);
			}
			use(&h1);
			{ PGconn *a1 = h19; h19 = NULL; if (cond(826)) { PQfinish(a1); } else { h19 = a1; } }
			break;
		case 1:
			if (cond(36)) goto out;
			pthread_mutex_lock(&mu[2]);
			if (cond(807)) {
				if (cond(58)) {
					use(&h15);
				}
				h5 = fopen("f718", "r");
				if (!h5) goto out;
				use(&h24);
				if (h9 != -1) { close(h9); h9 = -1; }
			} else {
				use(&h18);
			}
			h20 = PQconnectdb("dbname=d618");
			if (!h20) return -618;
			pthread_mutex_unlock(&mu[2]);
			break;
		default: break;
		}
		{ FILE *a2 = h18; h18 = NULL; if (cond(853)) { fclose(a2); } else { h18 = a2; } }
		{ PGconn *a3 = h7; h7 = NULL; if (cond(372)) { PQfinish(a3); } else { h7 = a3; } }
	}
	if (cond(328)) {
		sqlite3_finalize(h12); h12 = NULL;
	}
	switch (cond(675)) {
	case 0:
		if (cond(272)) {
			PQclear(h3); h3 = NULL;
			switch (cond(818)) {
			case 0:
				switch (cond(508)) {
				case 0:
					{ int own0 = 0; int w4 = -1;
					  if (cond(767)) { w4 = open("p767", O_RDONLY); if (!(w4 < 0)) own0 = 1; }
					  use(&w4);
					  if (own0) { close(w4); } }
					{ PGconn *a5 = h7; h7 = NULL; if (cond(559)) { PQfinish(a5); } else { h7 = a5; } }
					{ int own1 = 0; sqlite3_stmt *w6 = NULL;
					  if (cond(526)) { (void)sqlite3_prepare_v2(db, "SELECT 526", -1, &w6, NULL); if (!(!w6)) own1 = 1; }
					  use(&w6);
					  if (own1) { sqlite3_finalize(w6); } }
					break;
				case 1:
					if (h1 != NULL) { fclose(h1); h1 = NULL; }
					break;
				case 2:
					use(&h22);
					break;
				default: break;
				}
				break;
			case 1:
				switch (cond(60)) {
				case 0:
					{ PGresult *a7 = h15; h15 = NULL; if (cond(439)) { PQclear(a7); } else { h15 = a7; } }
					while (cond(802)) {
						use(&h8);
						h15 = PQexec(gconn, "SELECT 694");
						if (!h15) return -694;
						use(&h15);
					}
					break;
				case 1:
					{ struct holder s8; memset(&s8, 0, sizeof s8); s8.fd = h9; h9 = -1; if (cond(166)) { close(s8.fd); } else { h9 = s8.fd; } }
					if (cond(653)) goto out;
					break;
				case 2:
					(void)sqlite3_prepare_v2(db, "SELECT 973", -1, &h24, NULL);
					if (h20 != NULL) { PQfinish(h20); h20 = NULL; }
					break;
				default: break;
				}
				if (cond(325)) {
					h20 = PQconnectdb("dbname=d961");
					while (cond(624)) {
						use(&h23);
					}
				} else {
					use(&h13);
				}
				break;
			case 2:
				switch (cond(297)) {
				case 0:
					h1 = fopen("f473", "r");
					switch (cond(257)) {
					case 0:
						while (cond(547)) {
							use(&h4);
							h3 = PQexec(gconn, "SELECT 483");
							if (!h3) return -483;
						}
						break;
					case 1:
						if (cond(603)) {
							(void)sqlite3_prepare_v2(db, "SELECT 532", -1, &h24, NULL);
							(void)sqlite3_prepare_v2(db, "SELECT 622", -1, &h17, NULL);
							if (!h17) goto out;
							if (h14 != NULL) { PQfinish(h14); h14 = NULL; }
							h6 = open("p501", O_RDONLY);
						} else {
							{ struct holder s9; memset(&s9, 0, sizeof s9); s9.fp = h18; h18 = NULL; if (cond(713)) { fclose(s9.fp); } else { h18 = s9.fp; } }
						}
						h0 = PQconnectdb("dbname=d299");
						if (!h0) goto out;
						{ PGresult *a10 = h23; h23 = NULL; if (cond(227)) { PQclear(a10); } else { h23 = a10; } }
						break;
					case 2:
						use(&h18);
						switch (cond(386)) {
						case 0:
							close(h16); h16 = -1;
							if (h0 != NULL) { PQfinish(h0); h0 = NULL; }
							/* fall through */
						case 1:
							use(&h8);
							h1 = fopen("f4", "r");
							break;
						default: break;
						}
						break;
					case 3:
						while (cond(579)) {
							{ int own2 = 0; PGconn *w11 = NULL;
							  if (cond(241)) { w11 = PQconnectdb("dbname=d241"); if (!(!w11)) own2 = 1; }
							  use(&w11);
							  if (own2) { PQfinish(w11); } }
							if (h19 != NULL) { PQfinish(h19); h19 = NULL; }
							h15 = PQexec(gconn, "SELECT 938");
							if (!h15) goto out;
							(void)sqlite3_prepare_v2(db, "SELECT 385", -1, &h22, NULL);
							if (!h22) goto out;
						}
						for (int i5 = 0; i5 < 15; i5++) {
							if (h17 != NULL) { sqlite3_finalize(h17); h17 = NULL; }
							(void)sqlite3_prepare_v2(db, "SELECT 820", -1, &h4, NULL);
							if (!h4) goto out;
							use(&h12);
							{ int own3 = 0; int w12 = -1;
							  if (cond(819)) { w12 = open("p819", O_RDONLY); if (!(w12 < 0)) own3 = 1; }
							  use(&w12);
							  if (own3) { close(w12); } }
						}
						break;
					case 4:
						{ int own4 = 0; PGconn *w13 = NULL;
						  if (cond(559)) { w13 = PQconnectdb("dbname=d559"); if (!(!w13)) own4 = 1; }
						  use(&w13);
						  if (own4) { PQfinish(w13); } }
						PQclear(h3); h3 = NULL;
						/* fall through */
					default: break;
					}
					break;
				case 1:
					(void)sqlite3_prepare_v2(db, "SELECT 427", -1, &h17, NULL);
					PQclear(h15); h15 = NULL;
					while (cond(797)) {
						use(&h17);
						PQfinish(h20); h20 = NULL;
					}
					break;
				case 2:
					if (h24 != NULL) { sqlite3_finalize(h24); h24 = NULL; }
					break;
				case 3:
					use(&h5);
					{ sqlite3_stmt *a14 = h11; h11 = NULL; if (cond(313)) { sqlite3_finalize(a14); } else { h11 = a14; } }
					switch (cond(533)) {
					case 0:
						PQfinish(h7); h7 = NULL;
						for (int i5 = 0; i5 < 7; i5++) {
							{ int own5 = 0; char *w15 = NULL;
							  if (cond(923)) { w15 = malloc(923); if (!(!w15)) own5 = 1; }
							  use(&w15);
							  if (own5) { free(w15); } }
							use(&h3);
							(void)sqlite3_prepare_v2(db, "SELECT 820", -1, &h24, NULL);
							if (!h24) goto out;
							{ int own6 = 0; int w16 = -1;
							  if (cond(559)) { w16 = open("p559", O_RDONLY); if (!(w16 < 0)) own6 = 1; }
							  use(&w16);
							  if (own6) { close(w16); } }
						}
						break;
					case 1:
						(void)sqlite3_prepare_v2(db, "SELECT 63", -1, &h4, NULL);
						if (!h4) goto out;
						h20 = PQconnectdb("dbname=d617");
						if (!h20) goto out;
						use(&h2);
						break;
					case 2:
						pthread_mutex_lock(&mu[0]);
						if (h8 != NULL) { fclose(h8); h8 = NULL; }
						pthread_mutex_unlock(&mu[0]);
						break;
					case 3:
						use(&h16);
						use(&h13);
						switch (cond(212)) {
						case 0:
							fclose(h18); h18 = NULL;
							sqlite3_finalize(h24); h24 = NULL;
							break;
						case 1:
							h15 = PQexec(gconn, "SELECT 845");
							if (!h15) goto out;
							if (h2 != NULL) { sqlite3_finalize(h2); h2 = NULL; }
							break;
						default: break;
						}
						break;
					default: break;
					}
					break;
				default: break;
				}
				pthread_mutex_lock(&mu[6]);
				if (cond(512)) goto out;
				pthread_mutex_unlock(&mu[6]);
				/* fall through */
			case 3:
				switch (cond(179)) {
				case 0:
					pthread_mutex_lock(&mu[4]);
					{ struct holder s17; memset(&s17, 0, sizeof s17); s17.conn = h21; h21 = NULL; if (cond(899)) { PQfinish(s17.conn); } else { h21 = s17.conn; } }
					pthread_mutex_unlock(&mu[4]);
					(void)sqlite3_prepare_v2(db, "SELECT 167", -1, &h12, NULL);
					if (!h12) return -167;
					use(&h11);
					break;
				case 1:
					for (int i4 = 0; i4 < 12; i4++) {
						while (cond(226)) {
							{ int own7 = 0; PGconn *w18 = NULL;
							  if (cond(291)) { w18 = PQconnectdb("dbname=d291"); if (!(!w18)) own7 = 1; }
							  use(&w18);
							  if (own7) { PQfinish(w18); } }
						}
						use(&h21);
						switch (cond(426)) {
						case 0:
							use(&h14);
							(void)sqlite3_prepare_v2(db, "SELECT 787", -1, &h22, NULL);
							if (h5 != NULL) { fclose(h5); h5 = NULL; }
							break;
						case 1:
							{ struct holder s19; memset(&s19, 0, sizeof s19); s19.res = h3; h3 = NULL; if (cond(284)) { PQclear(s19.res); } else { h3 = s19.res; } }
							break;
						case 2:
							h15 = PQexec(gconn, "SELECT 921");
							if (!h15) return -921;
							break;
						default: break;
						}
						(void)sqlite3_prepare_v2(db, "SELECT 534", -1, &h24, NULL);
						if (!h24) goto out;
					}
					break;
				case 2:
					use(&h14);
					while (cond(755)) {
						close(h6); h6 = -1;
						switch (cond(100)) {
						case 0:
							h19 = PQconnectdb("dbname=d370");
							if (!h19) goto out;
							h5 = fopen("f617", "r");
							{ struct holder s20; memset(&s20, 0, sizeof s20); s20.fp = h1; h1 = NULL; if (cond(672)) { fclose(s20.fp); } else { h1 = s20.fp; } }
							/* fall through */
						case 1:
							{ PGconn *a21 = h21; h21 = NULL; if (cond(996)) { PQfinish(a21); } else { h21 = a21; } }
							break;
						case 2:
							use(&h14);
							break;
						default: break;
						}
						PQfinish(h20); h20 = NULL;
						h10 = malloc(746);
						if (!h10) return -746;
					}
					use(&h11);
					/* fall through */
				case 3:
					h18 = fopen("f918", "r");
					if (!h18) goto out;
					while (cond(675)) {
						while (cond(397)) {
							if (h0 != NULL) { PQfinish(h0); h0 = NULL; }
							use(&h4);
							h21 = PQconnectdb("dbname=d892");
						}
						if (cond(251)) goto out;
						switch (cond(12)) {
						case 0:
							if (h9 != -1) { close(h9); h9 = -1; }
							if (h20 != NULL) { PQfinish(h20); h20 = NULL; }
							h10 = malloc(586);
							if (!h10) return -586;
							break;
						case 1:
							{ struct holder s22; memset(&s22, 0, sizeof s22); s22.conn = h7; h7 = NULL; if (cond(327)) { PQfinish(s22.conn); } else { h7 = s22.conn; } }
							{ sqlite3_stmt *a23 = h4; h4 = NULL; if (cond(715)) { sqlite3_finalize(a23); } else { h4 = a23; } }
							h5 = fopen("f76", "r");
							if (!h5) goto out;
							break;
						case 2:
							{ sqlite3_stmt *a24 = h22; h22 = NULL; if (cond(537)) { sqlite3_finalize(a24); } else { h22 = a24; } }
							h9 = open("p790", O_RDONLY);
							PQfinish(h21); h21 = NULL;
							/* fall through */
						default: break;
						}
					}
					if (cond(850)) goto out;
					break;
				case 4:
					while (cond(441)) {
						{ struct holder s25; memset(&s25, 0, sizeof s25); s25.fp = h8; h8 = NULL; if (cond(703)) { fclose(s25.fp); } else { h8 = s25.fp; } }
					}
					if (h8 != NULL) { fclose(h8); h8 = NULL; }
					pthread_mutex_lock(&mu[6]);
					if (cond(817)) return 817;
					pthread_mutex_unlock(&mu[6]);
					break;
				default: break;
				}
				break;
			default: break;
			}
		} else {
			if (cond(461)) {
				use(&h23);
			}
		}
		use(&h11);
		break;
	case 1:
		if (cond(934)) {
			if (cond(163)) {
				if (h14 != NULL) { PQfinish(h14); h14 = NULL; }
				use(&h20);
				(void)sqlite3_prepare_v2(db, "SELECT 248", -1, &h11, NULL);
				if (!h11) goto out;
			}
		} else {
			{ struct holder s26; memset(&s26, 0, sizeof s26); s26.st = h4; h4 = NULL; if (cond(879)) { sqlite3_finalize(s26.st); } else { h4 = s26.st; } }
		}
		sqlite3_finalize(h11); h11 = NULL;
		break;
	case 2:
		{ sqlite3_stmt *a27 = h24; h24 = NULL; if (cond(120)) { sqlite3_finalize(a27); } else { h24 = a27; } }
		break;
	default: break;
	}
out:
	if (h0 != NULL) PQfinish(h0);
	if (h2 != NULL) sqlite3_finalize(h2);
	if (h3 != NULL) PQclear(h3);
	if (h4 != NULL) sqlite3_finalize(h4);
	if (h5 != NULL) fclose(h5);
	if (h6 != -1) close(h6);
	if (h7 != NULL) PQfinish(h7);
	if (h8 != NULL) fclose(h8);
	if (h9 != -1) close(h9);
	if (h10 != NULL) free(h10);
	if (h11 != NULL) sqlite3_finalize(h11);
	if (h12 != NULL) sqlite3_finalize(h12);
	if (h13 != -1) close(h13);
	if (h14 != NULL) PQfinish(h14);
	if (h15 != NULL) PQclear(h15);
	if (h16 != -1) close(h16);
	if (h17 != NULL) sqlite3_finalize(h17);
	if (h18 != NULL) fclose(h18);
	if (h21 != NULL) PQfinish(h21);
	if (h22 != NULL) sqlite3_finalize(h22);
	if (h23 != NULL) PQclear(h23);
	return 0;
}

