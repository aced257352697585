/* SPDX-License-Identifier: MIT */
/*
 * test_vcd.c - the VCD writer (sim/vcd.h): header and timescale, scopes,
 * identifier codes, value changes, two changes at one time, comments, and
 * the byte bound; each against the exact text.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/vcd.h"

/* What @f holds, NUL-terminated (static buffer). */
static const char *contents(FILE *f)
{
    static char buf[1 << 20];
    size_t n;

    fflush(f);
    rewind(f);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    return buf;
}

static void test_header_and_changes(void **state)
{
    struct sim_vcd *v;
    FILE *f = tmpfile();
    int a, b, c;

    (void)state;
    assert_non_null(f);
    assert_int_equal(sim_vcd_open_stream(&v, f, "1ps", "dev0_adi0"), 0);
    a = sim_vcd_add(v, "raise", 1);
    b = sim_vcd_add(v, "msg_data", 32);
    assert_int_equal(sim_vcd_comment(v, "dev0 is device 'nic0'"), 0);
    assert_int_equal(sim_vcd_scope(v, "vm0_vcpu0"), 0);
    c = sim_vcd_add(v, "eoi_vector", 8);
    assert_int_equal(a, 0);
    assert_int_equal(b, 1);
    assert_int_equal(c, 2);
    sim_vcd_set(v, b, 0x41);                    /* an initial value */
    assert_int_equal(sim_vcd_begin(v), 0);
    assert_int_equal(sim_vcd_add(v, "late", 1), -EINVAL);
    assert_int_equal(sim_vcd_scope(v, "late"), -EINVAL);
    /* nothing changed: no time stamp */
    assert_int_equal(sim_vcd_step(v, 1000), 0);
    sim_vcd_set(v, a, 1);
    sim_vcd_set(v, c, 0x30);
    assert_int_equal(sim_vcd_step(v, 2000), 0);
    /* the same signal twice at one time: both changes, one stamp */
    sim_vcd_set(v, a, 0);
    assert_int_equal(sim_vcd_step(v, 2000), 0);
    sim_vcd_set(v, a, 1);
    assert_int_equal(sim_vcd_step(v, 2000), 0);
    /* set to what it already is: no change, no stamp */
    sim_vcd_set(v, c, 0x30);
    assert_int_equal(sim_vcd_step(v, 3000), 0);
    /* wider than the signal: cut to its width; leading zeros left out */
    sim_vcd_set(v, c, 0x105);
    assert_int_equal(sim_vcd_get(v, c), 5);
    assert_int_equal(sim_vcd_step(v, 4000), 0);
    assert_int_equal(sim_vcd_comment(v, "at 4000"), 0);
    assert_int_equal(sim_vcd_step(v, 3999), -EINVAL);   /* backwards */
    assert_false(sim_vcd_cut(v));
    assert_string_equal(contents(f),
        "$date imslab $end\n"
        "$version imslab vcd writer $end\n"
        "$timescale 1ps $end\n"
        "$comment dev0 is device 'nic0' $end\n"
        "$scope module dev0_adi0 $end\n"
        "$var wire 1 ! raise $end\n"
        "$var wire 32 \" msg_data $end\n"
        "$upscope $end\n"
        "$scope module vm0_vcpu0 $end\n"
        "$var wire 8 # eoi_vector $end\n"
        "$upscope $end\n"
        "$enddefinitions $end\n"
        "#0\n"
        "$dumpvars\n"
        "0!\n"
        "b1000001 \"\n"
        "b0 #\n"
        "$end\n"
        "#2000\n"
        "1!\n"
        "b110000 #\n"
        "0!\n"
        "1!\n"
        "#4000\n"
        "b101 #\n"
        "$comment at 4000 $end\n");
    assert_int_equal(sim_vcd_bytes(v), strlen(contents(f)));
    assert_int_equal(sim_vcd_close(v), 0);
    fclose(f);
}

/* Identifier codes: the handle in base 94 over '!'..'~'. */
static void test_identifier_codes(void **state)
{
    struct sim_vcd *v;
    FILE *f = tmpfile();
    char name[16];
    const char *s;

    (void)state;
    assert_non_null(f);
    assert_int_equal(sim_vcd_open_stream(&v, f, "1ps", "top"), 0);
    for (int i = 0; i < 94 * 94 + 1; i++) {
        snprintf(name, sizeof(name), "s%d", i);
        assert_int_equal(sim_vcd_add(v, name, 1), i);
    }
    assert_int_equal(sim_vcd_add(v, "bad name", 1), -EINVAL);
    assert_int_equal(sim_vcd_add(v, "wide", 65), -EINVAL);
    assert_int_equal(sim_vcd_add(v, "none", 0), -EINVAL);
    assert_int_equal(sim_vcd_begin(v), 0);
    s = contents(f);
    assert_non_null(strstr(s, "$var wire 1 ! s0 $end\n"));
    assert_non_null(strstr(s, "$var wire 1 ~ s93 $end\n"));
    assert_non_null(strstr(s, "$var wire 1 \"! s94 $end\n"));
    assert_non_null(strstr(s, "$var wire 1 \"\" s95 $end\n"));
    assert_non_null(strstr(s, "$var wire 1 ~~ s8835 $end\n"));
    assert_non_null(strstr(s, "$var wire 1 \"!! s8836 $end\n"));
    assert_int_equal(sim_vcd_close(v), 0);
    fclose(f);
}

/* The bound: the step that reaches it writes its changes and the note. */
static void test_limit(void **state)
{
    struct sim_vcd *v;
    FILE *f = tmpfile();
    const char *s;
    uint64_t head;
    int a;

    (void)state;
    assert_non_null(f);
    assert_int_equal(sim_vcd_open_stream(&v, f, "1ps", "top"), 0);
    a = sim_vcd_add(v, "x", 8);
    assert_int_equal(sim_vcd_begin(v), 0);
    head = sim_vcd_bytes(v);
    assert_int_equal(head, strlen(contents(f)));
    assert_int_equal(head, 172);   /* the header and $dumpvars of one wire */
    sim_vcd_limit(v, head + 10);
    sim_vcd_set(v, a, 1);
    assert_int_equal(sim_vcd_step(v, 5), 0);      /* "#5\nb1 !\n": 8 bytes */
    assert_false(sim_vcd_cut(v));
    sim_vcd_set(v, a, 2);
    assert_int_equal(sim_vcd_step(v, 6), 0);      /* reaches it */
    assert_true(sim_vcd_cut(v));
    sim_vcd_set(v, a, 3);
    assert_int_equal(sim_vcd_step(v, 7), 0);      /* not written */
    assert_int_equal(sim_vcd_comment(v, "not written"), 0);
    s = contents(f) + head;
    assert_string_equal(s,
        "#5\nb1 !\n#6\nb10 !\n"
        "$comment cut: the file reached its limit of 182 bytes at time 6 1ps; "
        "later changes are not written $end\n");
    assert_int_equal(sim_vcd_close(v), 0);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_and_changes),
        cmocka_unit_test(test_identifier_codes),
        cmocka_unit_test(test_limit),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
