#include "cglpk_guard.h"

#include <glpk.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct cglpk_prob {
    glp_prob *P;
    unsigned long generation;   /* env generation the problem was made in */
    pthread_t owner;
    int has_basis;              /* a simplex ran: keep its basis for warm starts */
    /* The objective handed to GLPK is the caller's times obj_scale (a power of two, so exact
     * both ways); everything read back (objective, bound, duals) is divided by it. GLPK's
     * scaling (glp_scale_prob) equilibrates rows and columns but not the objective, and its
     * tolerances on reduced costs are absolute (about 1e-7): a share of 50,000,000 people
     * gives coefficients near 1e-8, every reduced cost looked like zero, and the simplex
     * stopped at the first basis as "optimal" (issue 11: bound 0 below an incumbent 0.064). */
    double obj_scale;
    double *obj;                /* the caller's coefficients, for writing the model as given */
    double obj_const;
    int obj_n;
};

/* Per-thread state: GLPK's env is per thread, so is ours. */
static _Thread_local jmp_buf *current_jump = NULL;
static _Thread_local unsigned long env_generation = 1;
static _Thread_local int live_problems = 0;
static _Thread_local char error_text[2048];
static _Thread_local size_t error_len = 0;

static _Thread_local int thread_verbose = 0;
static cglpk_log_fn log_sink = NULL;
/* The interior-point method has no time limit of its own: while one runs on this thread,
 * its deadline (monotonic seconds, 0: none) is checked at every line GLPK prints (one an
 * iteration), and past it the hook jumps out like a fatal error (see cglpk_interior). */
static _Thread_local double ipm_deadline = 0;
static _Thread_local int ipm_cancelled = 0;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cglpk_set_log_sink(cglpk_log_fn fn) { log_sink = fn; }
void cglpk_set_thread_verbose(int verbose) { thread_verbose = verbose; }
int cglpk_thread_verbose(void) { return thread_verbose; }

int cglpk_live_problems(void) { return live_problems; }

static int term_hook(void *info, const char *s) {
    (void)info;
    int at_error = glp_at_error();
    if (at_error) {
        size_t n = strlen(s);
        if (error_len + n >= sizeof error_text) n = sizeof error_text - 1 - error_len;
        memcpy(error_text + error_len, s, n);
        error_len += n;
        error_text[error_len] = 0;
    }
    if (log_sink) log_sink(s, at_error);
    if (!at_error && ipm_deadline > 0 && current_jump && now_s() > ipm_deadline) {
        ipm_cancelled = 1;
        longjmp(*current_jump, 1);
    }
    return 1; /* swallow: all output goes through the sink */
}

static void error_hook(void *info) {
    (void)info;
    if (current_jump) longjmp(*current_jump, 1);
    /* No guard active: GLPK will abort(); its message already went to the log sink. */
}

static void install_hooks(void) {
    glp_term_hook(term_hook, NULL);
    glp_error_hook(error_hook, NULL);
}

static void set_error(cglpk_error *err, const char *msg) {
    if (!err) return;
    strncpy(err->message, msg, sizeof err->message - 1);
    err->message[sizeof err->message - 1] = 0;
}

/* After a longjmp out of GLPK, its env is in an undefined state and must be freed. */
static void recover(cglpk_error *err) {
    char msg[2048];
    strncpy(msg, error_len ? error_text : "GLPK reported a fatal error", sizeof msg - 1);
    msg[sizeof msg - 1] = 0;
    env_generation++;
    live_problems = 0;
    glp_error_hook(NULL, NULL);
    glp_free_env();
    error_len = 0;
    error_text[0] = 0;
    set_error(err, msg);
}

static int check_handle(cglpk_prob *p, cglpk_error *err) {
    if (!p || !p->P) { set_error(err, "problem handle is null"); return 0; }
    if (p->generation != env_generation) {
        set_error(err, "problem was invalidated by an earlier GLPK error on this thread");
        return 0;
    }
    if (!pthread_equal(p->owner, pthread_self())) {
        set_error(err, "problem used on a thread other than the one that created it");
        return 0;
    }
    return 1;
}

/* Run `body` with GLPK's fatal errors turned into `return -1`. */
#define GUARDED(err, ...)                                   \
    do {                                                     \
        jmp_buf jb;                                          \
        jmp_buf *volatile saved = current_jump;              \
        error_len = 0;                                       \
        if (setjmp(jb)) {                                    \
            current_jump = saved;                            \
            recover(err);                                    \
            return -1;                                       \
        }                                                    \
        current_jump = &jb;                                  \
        install_hooks();                                     \
        __VA_ARGS__;                                                \
        current_jump = saved;                                \
    } while (0)

cglpk_prob *cglpk_create(const char *name, cglpk_error *err) {
    cglpk_prob *p = calloc(1, sizeof *p);
    if (!p) { set_error(err, "out of memory"); return NULL; }
    jmp_buf jb;
    jmp_buf *volatile saved = current_jump;
    if (setjmp(jb)) {
        current_jump = saved;
        recover(err);
        free(p);
        return NULL;
    }
    current_jump = &jb;
    install_hooks();
    p->P = glp_create_prob();
    if (name) glp_set_prob_name(p->P, name);
    current_jump = saved;
    p->generation = env_generation;
    p->owner = pthread_self();
    p->obj_scale = 1.0;
    live_problems++;
    return p;
}

void cglpk_delete(cglpk_prob *p) {
    if (!p) return;
    if (p->P && p->generation == env_generation && pthread_equal(p->owner, pthread_self())) {
        glp_delete_prob(p->P);
        live_problems--;
        /* Threads are pooled: free the env when the thread holds no more problems. */
        if (live_problems == 0) glp_free_env();
    }
    free(p->obj);
    free(p);
}

static int bound_type(double lb, double ub) {
    int has_lb = !isinf(lb), has_ub = !isinf(ub);
    if (has_lb && has_ub) return lb == ub ? GLP_FX : GLP_DB;
    if (has_lb) return GLP_LO;
    if (has_ub) return GLP_UP;
    return GLP_FR;
}

static double finite_or_zero(double v) { return isinf(v) ? 0.0 : v; }

static void set_kind(glp_prob *P, int j, int kind) {
    glp_set_col_kind(P, j, kind == CGLPK_BINARY ? GLP_BV : kind == CGLPK_INTEGER ? GLP_IV : GLP_CV);
}

int cglpk_load(cglpk_prob *p, int maximize, int nrows, int ncols,
               const double *obj, double obj_const,
               const int *col_kind, const double *col_lb, const double *col_ub,
               const double *row_lb, const double *row_ub,
               const int *row_start, const int *col_index, const double *coef,
               const char *const *col_names, const char *const *row_names,
               cglpk_error *err) {
    if (!check_handle(p, err)) return -1;
    int nnz = nrows > 0 ? row_start[nrows] : 0;
    int *ia = malloc(sizeof(int) * (size_t)(nnz + 1));
    int *ja = malloc(sizeof(int) * (size_t)(nnz + 1));
    double *ar = malloc(sizeof(double) * (size_t)(nnz + 1));
    if (!ia || !ja || !ar) { free(ia); free(ja); free(ar); set_error(err, "out of memory"); return -1; }
    for (int i = 0; i < nrows; i++)
        for (int k = row_start[i]; k < row_start[i + 1]; k++) {
            ia[k + 1] = i + 1; ja[k + 1] = col_index[k] + 1; ar[k + 1] = coef[k];
        }
    glp_prob *P = p->P;
    jmp_buf jb;
    jmp_buf *volatile saved = current_jump;
    error_len = 0;
    if (setjmp(jb)) {
        current_jump = saved;
        free(ia); free(ja); free(ar);
        recover(err);
        return -1;
    }
    current_jump = &jb;
    install_hooks();
    glp_erase_prob(P);
    p->has_basis = 0;
    glp_set_obj_dir(P, maximize ? GLP_MAX : GLP_MIN);
    if (nrows > 0) glp_add_rows(P, nrows);
    if (ncols > 0) glp_add_cols(P, ncols);
    free(p->obj);
    p->obj = ncols > 0 ? malloc(sizeof(double) * (size_t)ncols) : NULL;
    p->obj_n = p->obj ? ncols : 0;
    if (p->obj) memcpy(p->obj, obj, sizeof(double) * (size_t)ncols);
    p->obj_const = obj_const;
    for (int j = 0; j < ncols; j++) {
        if (col_names && col_names[j]) glp_set_col_name(P, j + 1, col_names[j]);
        set_kind(P, j + 1, col_kind[j]);
        if (col_kind[j] != CGLPK_BINARY)
            glp_set_col_bnds(P, j + 1, bound_type(col_lb[j], col_ub[j]),
                             finite_or_zero(col_lb[j]), finite_or_zero(col_ub[j]));
    }
    for (int i = 0; i < nrows; i++) {
        if (row_names && row_names[i]) glp_set_row_name(P, i + 1, row_names[i]);
        glp_set_row_bnds(P, i + 1, bound_type(row_lb[i], row_ub[i]),
                         finite_or_zero(row_lb[i]), finite_or_zero(row_ub[i]));
    }
    if (nnz > 0) glp_load_matrix(P, nnz, ia, ja, ar);
    /* The API does not scale by itself (glpsol does): people, money and shares differ by
     * orders of magnitude, and unscaled rows made the dual simplex unstable. */
    if (nnz > 0) glp_scale_prob(P, GLP_SF_AUTO);
    /* The objective as the simplex sees it is c_j times column j's scale factor: bring its
     * largest coefficient to [0.5, 1), by a power of two (exact both ways). */
    double cmax = 0.0;
    for (int j = 0; j < ncols; j++) {
        double c = fabs(obj[j] * glp_get_sjj(P, j + 1));
        if (isfinite(c) && c > cmax) cmax = c;
    }
    p->obj_scale = cmax > 0.0 ? ldexp(1.0, -ilogb(cmax) - 1) : 1.0;
    glp_set_obj_coef(P, 0, obj_const * p->obj_scale);
    for (int j = 0; j < ncols; j++) glp_set_obj_coef(P, j + 1, obj[j] * p->obj_scale);
    current_jump = saved;
    free(ia); free(ja); free(ar);
    return 0;
}

int cglpk_set_names(cglpk_prob *p, const char *prob_name, const char *obj_name, cglpk_error *err) {
    if (!check_handle(p, err)) return -1;
    glp_prob *P = p->P;
    GUARDED(err, {
        if (prob_name) glp_set_prob_name(P, prob_name);
        if (obj_name) glp_set_obj_name(P, obj_name);
    });
    return 0;
}

int cglpk_set_col_bounds(cglpk_prob *p, int n, const int *cols,
                         const double *lb, const double *ub, cglpk_error *err) {
    if (!check_handle(p, err)) return -1;
    glp_prob *P = p->P;
    GUARDED(err, {
        for (int k = 0; k < n; k++)
            glp_set_col_bnds(P, cols[k] + 1, bound_type(lb[k], ub[k]),
                             finite_or_zero(lb[k]), finite_or_zero(ub[k]));
    });
    return 0;
}

int cglpk_set_row_bounds(cglpk_prob *p, int n, const int *rows,
                         const double *lb, const double *ub, cglpk_error *err) {
    if (!check_handle(p, err)) return -1;
    glp_prob *P = p->P;
    GUARDED(err, {
        for (int k = 0; k < n; k++)
            glp_set_row_bnds(P, rows[k] + 1, bound_type(lb[k], ub[k]),
                             finite_or_zero(lb[k]), finite_or_zero(ub[k]));
    });
    return 0;
}

int cglpk_set_obj_coefs(cglpk_prob *p, int n, const int *cols, const double *coef, cglpk_error *err) {
    if (!check_handle(p, err)) return -1;
    glp_prob *P = p->P;
    GUARDED(err, {
        /* GLPK holds the caller's objective times obj_scale (see cglpk_load); a new one is
         * held the same way, so values, bounds and duals read back divided by it stay right. */
        for (int k = 0; k < n; k++) glp_set_obj_coef(P, cols[k] + 1, coef[k] * p->obj_scale);
    });
    return 0;
}

int cglpk_set_col_kinds(cglpk_prob *p, const int *col_kind, cglpk_error *err) {
    if (!check_handle(p, err)) return -1;
    glp_prob *P = p->P;
    GUARDED(err, {
        int n = glp_get_num_cols(P);
        for (int j = 0; j < n; j++) {
            /* glp_set_col_kind(GLP_BV) resets bounds to [0,1]; keep the caller's. */
            int type = glp_get_col_type(P, j + 1);
            double lb = glp_get_col_lb(P, j + 1), ub = glp_get_col_ub(P, j + 1);
            set_kind(P, j + 1, col_kind[j] == CGLPK_BINARY ? CGLPK_INTEGER : col_kind[j]);
            glp_set_col_bnds(P, j + 1, type, lb, ub);
        }
    });
    return 0;
}

int cglpk_simplex(cglpk_prob *p, const cglpk_lp_params *par, int *glp_ret, cglpk_error *err) {
    if (!check_handle(p, err)) return -1;
    glp_prob *P = p->P;
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = par->msg_lev;
    smcp.presolve = par->presolve ? GLP_ON : GLP_OFF;
    if (par->tm_lim_ms > 0) smcp.tm_lim = par->tm_lim_ms;
    if (par->meth) smcp.meth = par->meth;
    int first = !p->has_basis;
    GUARDED(err, {
        if (first && glp_get_num_cols(P) > 0 && glp_get_num_rows(P) > 0) glp_adv_basis(P, 0);
        *glp_ret = glp_simplex(P, &smcp);
    });
    p->has_basis = 1;
    return 0;
}

int cglpk_interior(cglpk_prob *p, double seconds, int *glp_ret, cglpk_error *err) {
    if (!check_handle(p, err)) return -1;
    glp_prob *P = p->P;
    glp_iptcp iptcp;
    glp_init_iptcp(&iptcp);
    /* Every iteration prints a line: the deadline is checked there. */
    iptcp.msg_lev = GLP_MSG_ALL;
    jmp_buf jb;
    jmp_buf *volatile saved = current_jump;
    error_len = 0;
    ipm_cancelled = 0;
    if (setjmp(jb)) {
        current_jump = saved;
        ipm_deadline = 0;
        if (ipm_cancelled) {
            /* Not an error: GLPK's state is dropped as after one (the problem is gone). */
            ipm_cancelled = 0;
            error_len = 0;
            env_generation++;
            live_problems = 0;
            glp_error_hook(NULL, NULL);
            glp_free_env();
            *glp_ret = GLP_ETMLIM;
            return -2;
        }
        recover(err);
        return -1;
    }
    current_jump = &jb;
    install_hooks();
    ipm_deadline = seconds > 0 ? now_s() + seconds : 0;
    *glp_ret = glp_interior(P, &iptcp);
    ipm_deadline = 0;
    current_jump = saved;
    return 0;
}

/* A solution of either method (simplex: glp_get_*, interior point: glp_ipt_*), the objective
 * and duals unscaled (see obj_scale). */
static int read_solution(cglpk_prob *p, int interior, int *status, double *obj,
                         double *col_prim, double *col_dual,
                         double *row_prim, double *row_dual, cglpk_error *err) {
    if (!check_handle(p, err)) return -1;
    glp_prob *P = p->P;
    int (*stat)(glp_prob *) = interior ? glp_ipt_status : glp_get_status;
    double (*value)(glp_prob *) = interior ? glp_ipt_obj_val : glp_get_obj_val;
    double (*cprim)(glp_prob *, int) = interior ? glp_ipt_col_prim : glp_get_col_prim;
    double (*cdual)(glp_prob *, int) = interior ? glp_ipt_col_dual : glp_get_col_dual;
    double (*rprim)(glp_prob *, int) = interior ? glp_ipt_row_prim : glp_get_row_prim;
    double (*rdual)(glp_prob *, int) = interior ? glp_ipt_row_dual : glp_get_row_dual;
    GUARDED(err, {
        double k = p->obj_scale;
        *status = stat(P);
        *obj = value(P) / k;
        int n = glp_get_num_cols(P), m = glp_get_num_rows(P);
        for (int j = 0; j < n; j++) {
            if (col_prim) col_prim[j] = cprim(P, j + 1);
            if (col_dual) col_dual[j] = cdual(P, j + 1) / k;
        }
        for (int i = 0; i < m; i++) {
            if (row_prim) row_prim[i] = rprim(P, i + 1);
            if (row_dual) row_dual[i] = rdual(P, i + 1) / k;
        }
    });
    return 0;
}

int cglpk_ipt_solution(cglpk_prob *p, int *status, double *obj,
                       double *col_prim, double *col_dual,
                       double *row_prim, double *row_dual, cglpk_error *err) {
    return read_solution(p, 1, status, obj, col_prim, col_dual, row_prim, row_dual, err);
}

int cglpk_lp_solution(cglpk_prob *p, int *status, double *obj,
                      double *col_prim, double *col_dual,
                      double *row_prim, double *row_dual, cglpk_error *err) {
    return read_solution(p, 0, status, obj, col_prim, col_dual, row_prim, row_dual, err);
}

typedef struct {
    const cglpk_mip_params *par;
    double obj_scale;
    int ncols;
    int injected;
    double bound;
    int has_bound;
    double started;
    double last_report;
    int total_nodes;
} mip_state;

static void mip_callback(glp_tree *T, void *info) {
    mip_state *st = info;
    int reason = glp_ios_reason(T);
    glp_prob *P = glp_ios_get_prob(T);
    int best = glp_ios_best_node(T);
    if (best) {
        st->bound = glp_ios_node_bound(T, best);
        st->has_bound = 1;
    }
    if (reason == GLP_IHEUR && !st->injected && st->par->start) {
        st->injected = 1;
        int n = glp_get_num_cols(P);
        if (n == st->ncols) {
            double *x = malloc(sizeof(double) * (size_t)(n + 1));
            if (x) {
                for (int j = 0; j < n; j++) {
                    double v = st->par->start[j];
                    if (glp_get_col_kind(P, j + 1) != GLP_CV) v = floor(v + 0.5);
                    x[j + 1] = v;
                }
                /* 0: GLPK took it as the incumbent (it checks integrality and that it
                 * improves on any incumbent, not feasibility: the caller checks that). */
                if (glp_ios_heur_sol(T, x) == 0 && st->par->start_accepted)
                    *st->par->start_accepted = 1;
                free(x);
            }
        }
    }
    int a = 0, c = 0, t = 0;
    glp_ios_tree_size(T, &a, &c, &t);
    st->total_nodes = t;
    if (st->par->progress) {
        double now = now_s();
        if (now - st->last_report >= st->par->progress_every_s || reason == GLP_IBINGO) {
            st->last_report = now;
            cglpk_progress pr;
            pr.elapsed_s = now - st->started;
            pr.has_incumbent = glp_mip_status(P) == GLP_FEAS || glp_mip_status(P) == GLP_OPT;
            pr.incumbent = pr.has_incumbent ? glp_mip_obj_val(P) / st->obj_scale : 0.0;
            pr.has_bound = st->has_bound;
            pr.bound = st->bound / st->obj_scale;
            pr.active_nodes = a;
            pr.total_nodes = t;
            if (st->par->progress(st->par->progress_ctx, &pr)) glp_ios_terminate(T);
        }
    }
}

int cglpk_intopt(cglpk_prob *p, const cglpk_mip_params *par, int *glp_ret,
                 double *bound, int *has_bound, cglpk_error *err) {
    if (!check_handle(p, err)) return -1;
    glp_prob *P = p->P;
    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.msg_lev = par->msg_lev;
    if (par->tm_lim_ms > 0) iocp.tm_lim = par->tm_lim_ms;
    iocp.mip_gap = par->mip_gap;
    iocp.presolve = par->presolve ? GLP_ON : GLP_OFF;
    iocp.mir_cuts = par->mir_cuts ? GLP_ON : GLP_OFF;
    iocp.gmi_cuts = par->gmi_cuts ? GLP_ON : GLP_OFF;
    iocp.cov_cuts = par->cov_cuts ? GLP_ON : GLP_OFF;
    iocp.clq_cuts = par->clq_cuts ? GLP_ON : GLP_OFF;
    iocp.fp_heur = par->fp_heur ? GLP_ON : GLP_OFF;
    iocp.ps_heur = par->ps_heur ? GLP_ON : GLP_OFF;
    iocp.sr_heur = par->sr_heur ? GLP_ON : GLP_OFF;
    if (par->br_tech) iocp.br_tech = par->br_tech;
    if (par->bt_tech) iocp.bt_tech = par->bt_tech;
    if (par->pp_tech >= 0) iocp.pp_tech = par->pp_tech;
    mip_state st;
    memset(&st, 0, sizeof st);
    st.par = par;
    st.obj_scale = p->obj_scale;
    st.started = now_s();
    st.last_report = st.started;
    iocp.cb_func = mip_callback;
    iocp.cb_info = &st;
    *has_bound = 0;
    int first = !p->has_basis;
    p->has_basis = 1;
    GUARDED(err, {
        st.ncols = glp_get_num_cols(P);
        *glp_ret = 0;
        /* Always (re-)solve the LP relaxation first. Presolve off: GLPK keeps the status of
         * the last solve after bounds change, and intopt would trust a stale "optimal" basis
         * (warm-started, this costs little). Presolve on: GLPK's MIP presolver can loop for
         * ever, ignoring tm_lim, on some infeasible models (x - y >= 1, y - x >= 1 with x, y
         * integer and unbounded); the simplex method finds those and tells infeasible from
         * unbounded. */
        {
            glp_smcp smcp;
            glp_init_smcp(&smcp);
            smcp.msg_lev = par->msg_lev;
            if (par->tm_lim_ms > 0) smcp.tm_lim = par->tm_lim_ms;
            if (first) glp_adv_basis(P, 0);
            *glp_ret = glp_simplex(P, &smcp);
        }
        if (*glp_ret == 0 && glp_get_status(P) == GLP_OPT) {
            if (par->tm_lim_ms > 0) {
                int left = par->tm_lim_ms - (int)((now_s() - st.started) * 1000.0);
                iocp.tm_lim = left > 1 ? left : 1;
            }
            *glp_ret = glp_intopt(P, &iocp);
        } else if (*glp_ret == 0) {
            *glp_ret = -2; /* LP relaxation not optimal: caller reads its status */
        }
    });
    *bound = st.bound / p->obj_scale;
    *has_bound = st.has_bound;
    return 0;
}

int cglpk_mip_solution(cglpk_prob *p, int *status, double *obj,
                       double *col_val, double *row_val, cglpk_error *err) {
    if (!check_handle(p, err)) return -1;
    glp_prob *P = p->P;
    GUARDED(err, {
        *status = glp_mip_status(P);
        *obj = glp_mip_obj_val(P) / p->obj_scale;
        int n = glp_get_num_cols(P), m = glp_get_num_rows(P);
        if (col_val) for (int j = 0; j < n; j++) col_val[j] = glp_mip_col_val(P, j + 1);
        if (row_val) for (int i = 0; i < m; i++) row_val[i] = glp_mip_row_val(P, i + 1);
    });
    return 0;
}

int cglpk_write(cglpk_prob *p, int format, const char *path, cglpk_error *err) {
    if (!check_handle(p, err)) return -1;
    glp_prob *P = p->P;
    int rc = 0;
    /* Written with the caller's objective, not the scaled one GLPK solves. */
    double k = p->obj_scale;
    GUARDED(err, {
        for (int j = 0; j < p->obj_n; j++) glp_set_obj_coef(P, j + 1, p->obj[j]);
        glp_set_obj_coef(P, 0, p->obj_const);
        rc = format == 0 ? glp_write_mps(P, GLP_MPS_FILE, NULL, path) : glp_write_lp(P, NULL, path);
        for (int j = 0; j < p->obj_n; j++) glp_set_obj_coef(P, j + 1, p->obj[j] * k);
        glp_set_obj_coef(P, 0, p->obj_const * k);
    });
    if (rc != 0) { set_error(err, "GLPK could not write the file"); return -1; }
    return 0;
}

int cglpk_provoke_error(cglpk_prob *p, cglpk_error *err) {
    if (!check_handle(p, err)) return -1;
    glp_prob *P = p->P;
    GUARDED(err, { glp_set_col_bnds(P, glp_get_num_cols(P) + 7, GLP_LO, 0.0, 0.0); });
    return 0;
}
