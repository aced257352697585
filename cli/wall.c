/* SPDX-License-Identifier: MIT */
/* wall.c - where and when something ran (struct rpt_wall), for JUnit and run-info. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "reports/report.h"

uint64_t hx_mono_ns(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

void hx_wall_start(struct rpt_wall *w)
{
    memset(w, 0, sizeof(*w));
    clock_gettime(CLOCK_REALTIME, &w->start);
    if (gethostname(w->host, sizeof(w->host) - 1))
        w->host[0] = '\0';
}
