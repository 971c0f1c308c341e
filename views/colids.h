/* The names of the domains view's columns and sort keys (the tables are
 * in views/columns.c).  Apart from views/columns.h so that the screen
 * state (views/state.h), which the columns' cell functions read, can hold
 * a sort key without including the tables. */
#ifndef HVTOP_COLIDS_H
#define HVTOP_COLIDS_H

/* index into view_sorts[]; the order of the F menu */
enum ui_sort {
	SORT_CPU, SORT_MEM, SORT_TIME, SORT_ID, SORT_NAME,
	SORT_RDRQ, SORT_WRRQ, SORT_RXBY, SORT_TXBY, SORT_STEAL, SORT_HOST,
	SORT_COUNT
};

/* index into view_columns[]; the display order */
enum ui_col {
	COL_HOST, COL_ID, COL_S, COL_RDRQ, COL_WRRQ, COL_RXBY, COL_TXBY,
	COL_CPU, COL_STEAL, COL_SHARES, COL_CAP, COL_MEMPCT, COL_VCPU, COL_MEM, COL_BALLOON,
	COL_TIME, COL_NAME, COL_COUNT
};
#define COL_BIT(c) (1u << (c))

#endif
