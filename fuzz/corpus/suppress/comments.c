int f(void)
{
	char *p = malloc(4); // closecheck: ignore[leak]
	/* closecheck: ignore[txn-open, lek] */
	g(); // closecheck: ignore
	 * closecheck: ignore[double-release]
	h("// closecheck: ignore[leak]");
	return 0; /* closecheck: ignore[ */
}
