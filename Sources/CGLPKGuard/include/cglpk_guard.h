/* A guarded C face for GLPK.
 *
 * GLPK calls abort() on a fatal error (bad index, bad bound, out of memory). Every
 * function here runs its GLPK calls under setjmp with GLPK's error hook installed, so a
 * fatal error comes back as a -1 return and a message instead of killing the process.
 * After such an error GLPK's environment of this thread is freed (glp_free_env), which
 * invalidates every problem of the thread; handles remember the environment generation
 * they were made in and refuse to be used after that.
 *
 * Threads: Debian's GLPK keeps its environment in thread-local storage. A handle must be
 * created, used and deleted on one thread; the functions check this.
 */
#ifndef CGLPK_GUARD_H
#define CGLPK_GUARD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cglpk_prob cglpk_prob;

typedef struct {
    char message[2048];
} cglpk_error;

/* Receives every line GLPK prints; is_error is 1 for lines of a fatal error message. */
typedef void (*cglpk_log_fn)(const char *line, int is_error);
/* Set once per process (before any solve); NULL drops GLPK's output. */
void cglpk_set_log_sink(cglpk_log_fn fn);
/* A flag of the calling thread that the log sink may read (e.g. "this solve is verbose"), so
 * that concurrent solves on other threads do not change how this thread's lines are logged. */
void cglpk_set_thread_verbose(int verbose);
int cglpk_thread_verbose(void);

cglpk_prob *cglpk_create(const char *name, cglpk_error *err);
/* Deletes the problem; when it was the thread's last one, frees the thread's GLPK env. */
void cglpk_delete(cglpk_prob *p);

/* Column kinds. */
enum { CGLPK_CONTINUOUS = 0, CGLPK_INTEGER = 1, CGLPK_BINARY = 2 };

/* Loads a whole problem. Bounds use +-INFINITY for "none". The matrix is row-wise
 * (CSR), 0-based, without duplicate entries. Names may be NULL. */
int cglpk_load(cglpk_prob *p, int maximize, int nrows, int ncols,
               const double *obj, double obj_const,
               const int *col_kind, const double *col_lb, const double *col_ub,
               const double *row_lb, const double *row_ub,
               const int *row_start, const int *col_index, const double *coef,
               const char *const *col_names, const char *const *row_names,
               cglpk_error *err);

/* Names the problem and its objective row (for GLPK's writers; cglpk_load erases the
 * problem name). Either may be NULL. */
int cglpk_set_names(cglpk_prob *p, const char *prob_name, const char *obj_name, cglpk_error *err);

/* Changes the bounds of n columns (0-based indices). */
int cglpk_set_col_bounds(cglpk_prob *p, int n, const int *cols,
                         const double *lb, const double *ub, cglpk_error *err);
/* Changes the bounds of n rows (0-based indices). */
int cglpk_set_row_bounds(cglpk_prob *p, int n, const int *rows,
                         const double *lb, const double *ub, cglpk_error *err);
/* Changes the objective coefficients of n columns (0-based indices); the basis is kept, so
   the next simplex call starts warm from it. */
int cglpk_set_obj_coefs(cglpk_prob *p, int n, const int *cols, const double *coef, cglpk_error *err);
/* Changes the kind of every column at once (used to solve LP relaxations). */
int cglpk_set_col_kinds(cglpk_prob *p, const int *col_kind, cglpk_error *err);

typedef struct {
    int msg_lev;       /* GLP_MSG_* */
    int presolve;      /* 0/1 */
    int tm_lim_ms;     /* <= 0: none */
    int meth;          /* GLP_PRIMAL, GLP_DUALP, GLP_DUAL */
} cglpk_lp_params;

/* glp_simplex; *glp_ret receives its return code. */
int cglpk_simplex(cglpk_prob *p, const cglpk_lp_params *par, int *glp_ret, cglpk_error *err);

/* glp_interior (GLPK's primal-dual interior-point method) with a wall-clock limit of
 * `seconds` (<= 0: none), checked at each iteration's line (its lines go to the log sink). Returns 0 (and GLPK's return
 * code in *glp_ret), -1 on a fatal error, or -2 when the limit passed: *glp_ret is then
 * GLP_ETMLIM and, as after a fatal error, every problem of this thread is gone. */
int cglpk_interior(cglpk_prob *p, double seconds, int *glp_ret, cglpk_error *err);
/* The interior-point solution: status GLP_OPT etc. Arrays may be NULL. */
int cglpk_ipt_solution(cglpk_prob *p, int *status, double *obj,
                       double *col_prim, double *col_dual,
                       double *row_prim, double *row_dual, cglpk_error *err);

/* LP solution: status GLP_OPT etc. Arrays may be NULL; sizes ncols / nrows. */
int cglpk_lp_solution(cglpk_prob *p, int *status, double *obj,
                      double *col_prim, double *col_dual,
                      double *row_prim, double *row_dual, cglpk_error *err);

typedef struct {
    double elapsed_s;
    double incumbent;    /* valid when has_incumbent */
    int has_incumbent;
    double bound;        /* valid when has_bound */
    int has_bound;
    int active_nodes;
    int total_nodes;
} cglpk_progress;

/* Return non-zero to stop the search (the incumbent is kept). */
typedef int (*cglpk_progress_fn)(void *ctx, const cglpk_progress *p);

typedef struct {
    int msg_lev;
    int tm_lim_ms;         /* <= 0: none */
    double mip_gap;
    int presolve;
    int mir_cuts, gmi_cuts, cov_cuts, clq_cuts;
    int fp_heur, ps_heur, sr_heur;
    int br_tech, bt_tech, pp_tech;
    const double *start;   /* an incumbent to hand to GLPK (0-based, ncols), or NULL */
    cglpk_progress_fn progress;
    void *progress_ctx;
    double progress_every_s;
    int *start_accepted;   /* out, may be NULL: 1 when GLPK took `start` as an incumbent */
} cglpk_mip_params;

/* glp_intopt with an incumbent handed in at the first heuristic call. The LP relaxation is
 * solved first with glp_simplex (GLPK requires it without presolve; with presolve it guards
 * against the MIP presolver looping on infeasible models); when it is not optimal, *glp_ret
 * is that simplex's return code, or -2 and the caller reads the LP status.
 * *bound receives the best bound seen (valid when *has_bound). */
int cglpk_intopt(cglpk_prob *p, const cglpk_mip_params *par, int *glp_ret,
                 double *bound, int *has_bound, cglpk_error *err);

int cglpk_mip_solution(cglpk_prob *p, int *status, double *obj,
                       double *col_val, double *row_val, cglpk_error *err);

/* Writes the problem with GLPK's own writers (for cross-checks). format: 0 free MPS, 1 LP. */
int cglpk_write(cglpk_prob *p, int format, const char *path, cglpk_error *err);

/* Number of problems alive on the calling thread (for tests). */
int cglpk_live_problems(void);

/* Deliberately passes an invalid column index to GLPK (for the test that the guard turns
 * GLPK's fatal error into a returned error). */
int cglpk_provoke_error(cglpk_prob *p, cglpk_error *err);

#ifdef __cplusplus
}
#endif
#endif
