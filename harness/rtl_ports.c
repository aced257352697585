/* SPDX-License-Identifier: MIT */
/*
 * rtl_ports.c - check a verilated top against the RTL port list
 * (docs/vendor-guide.md, "RTL port list and timing") before building it:
 * every port by name, direction and width, and the ENTRIES parameter, read
 * from what Verilator generated (<prefix>.h declares the ports with
 * VL_IN and VL_OUT macros, "VL_IN16(&irq_index,15,0)"; the root class holds ENTRIES, made public
 * by the recipe's .vlt).
 */
#include "models/rtl/rtl.h"

#include "harness/build_tool.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The port list, in the order docs/vendor-guide.md gives it. */
static const struct port_spec {
    const char *name;
    bool out;
    unsigned width;
} port_list[] = {
    { "clk", false, 1 },        { "rst_n", false, 1 },
    { "reg_we", false, 1 },     { "reg_re", false, 1 },
    { "reg_addr", false, 16 },  { "reg_wdata", false, 32 },
    { "reg_rdata", true, 32 },  { "reg_ack", true, 1 },
    { "irq_valid", false, 1 },  { "irq_ready", true, 1 },
    { "irq_index", false, 16 }, { "irq_pasid", false, 20 },
    { "irq_pasid_valid", false, 1 }, { "irq_err", true, 1 },
};
#define N_COMMON (sizeof(port_list) / sizeof(port_list[0]))

/* The message port, in one of its forms (docs/vendor-guide.md): the plain
 * msg_* port, or a memory-write TLP a beat on tlp_* (any port named tlp_*
 * declares that form, and the whole of it is then checked). */
static const struct port_spec msg_ports[] = {
    { "msg_valid", true, 1 },   { "msg_ready", false, 1 },
    { "msg_addr", true, 64 },   { "msg_data", true, 32 },
    { "msg_index", true, 16 },
};
static const struct port_spec tlp_ports[] = {
    { "tlp_valid", true, 1 },   { "tlp_ready", false, 1 },
    { "tlp_hdr", true, 128 },   { "tlp_payload", true, 32 },
    { "tlp_index", true, 16 },
};
#define N_MSG (sizeof(msg_ports) / sizeof(msg_ports[0]))
#define N_PORTS (N_COMMON + N_MSG)

/* Optional ports (docs/vendor-guide.md, "Optional ports"): checked when present. */
static const struct port_spec optional_ports[] = {
    { "fn_mask", false, 1 },    /* Function Mask, MSI-X Message Control bit 14 */
    { "reg_be", false, 4 },     /* byte enables of a register write (strobes) */
};
#define N_OPTIONAL (sizeof(optional_ports) / sizeof(optional_ports[0]))

struct port_seen {
    char name[64];
    int dir;            /* 0 in, 1 out, 2 inout */
    unsigned width;
};

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL) {
        size_t got = fread(buf, 1, (size_t)n, f);

        buf[got] = '\0';
    }
    fclose(f);
    return buf;
}

/* The ports Verilator declared: "VL_IN16(&irq_index,15,0);" and the like. */
static size_t parse_ports(const char *h, struct port_seen *v, size_t max)
{
    size_t k = 0;

    for (const char *p = strstr(h, "VL_"); p && k < max; p = strstr(p + 3, "VL_")) {
        const char *q = p + 3, *amp;
        int dir;
        unsigned msb, lsb;
        size_t nl;

        if (!strncmp(q, "INOUT", 5))
            dir = 2;
        else if (!strncmp(q, "IN", 2))
            dir = 0;
        else if (!strncmp(q, "OUT", 3))
            dir = 1;
        else
            continue;
        amp = strchr(q, '(');
        if (!amp || amp - q > 10 || amp[1] != '&')
            continue;
        nl = strcspn(amp + 2, ",)");
        if (nl == 0 || nl >= sizeof(v[k].name) ||
            sscanf(amp + 2 + nl, ",%u,%u", &msb, &lsb) != 2 || msb < lsb)
            continue;
        memcpy(v[k].name, amp + 2, nl);
        v[k].name[nl] = '\0';
        v[k].dir = dir;
        v[k].width = msb - lsb + 1;
        k++;
    }
    return k;
}

static const char *dir_name(int d)
{
    return d == 0 ? "input" : d == 1 ? "output" : "inout";
}

int rtl_ports_check(const char *mdir, const char *prefix, const char *top, char *err,
                    size_t errlen)
{
    char path[4096], sym[300];
    struct port_seen seen[64];
    char *h, *root, *at;
    size_t n;
    unsigned long entries;
    const struct port_spec *form = msg_ports;

    snprintf(path, sizeof(path), "%s/%s.h", mdir, prefix);
    if (!(h = slurp(path))) {
        hx_build_msg(err, errlen, "%s: cannot read the verilated header", path);
        return -EIO;
    }
    n = parse_ports(h, seen, sizeof(seen) / sizeof(seen[0]));
    free(h);
    for (size_t j = 0; j < n; j++)
        if (!strncmp(seen[j].name, "tlp_", 4))
            form = tlp_ports;
    for (size_t i = 0; i < N_PORTS + N_OPTIONAL; i++) {
        const struct port_spec *s = i < N_COMMON ? &port_list[i]
                                    : i < N_PORTS ? &form[i - N_COMMON]
                                                  : &optional_ports[i - N_PORTS];
        const struct port_seen *p = NULL;

        for (size_t j = 0; j < n && !p; j++)
            if (!strcmp(seen[j].name, s->name))
                p = &seen[j];
        if (!p && i >= N_PORTS)
            continue;
        if (!p) {
            hx_build_msg(err, errlen, "top module %s: no port %s (expected %s logic [%u:0] %s; "
                "docs/vendor-guide.md, RTL port list)", top, s->name,
                s->out ? "output" : "input", s->width - 1, s->name);
            return -EPROTO;
        }
        if (p->dir != (s->out ? 1 : 0)) {
            hx_build_msg(err, errlen, "top module %s: port %s is an %s, expected an %s", top,
                         s->name, dir_name(p->dir), s->out ? "output" : "input");
            return -EPROTO;
        }
        if (p->width != s->width) {
            hx_build_msg(err, errlen, "top module %s: port %s is %u bit%s wide ([%u:0]), "
                "expected %u ([%u:0])%s", top, s->name, p->width, p->width == 1 ? "" : "s",
                p->width - 1, s->width, s->width - 1,
                !strcmp(s->name, "irq_index") || !strcmp(s->name, "msg_index") ||
                !strcmp(s->name, "tlp_index")
                ? ": an index narrower than the port list aliases indices (ENTRIES up to "
                  "65536; index ENTRIES must stay distinct from 0 for the range check)" : "");
            return -EPROTO;
        }
    }
    for (size_t j = 0; j < n; j++) {
        bool known = false;

        for (size_t i = 0; i < N_COMMON; i++)
            known |= !strcmp(seen[j].name, port_list[i].name);
        for (size_t i = 0; i < N_MSG; i++)
            known |= !strcmp(seen[j].name, form[i].name);
        for (size_t i = 0; i < N_OPTIONAL; i++)
            known |= !strcmp(seen[j].name, optional_ports[i].name);
        if (!known) {
            hx_build_msg(err, errlen, "top module %s: port %s (%s, %u bits) is not in the port "
                "list (docs/vendor-guide.md, RTL port list: wrap the design in an adapter)", top,
                seen[j].name, dir_name(seen[j].dir), seen[j].width);
            return -EPROTO;
        }
    }
    snprintf(path, sizeof(path), "%s/%s___024root.h", mdir, prefix);
    root = slurp(path);
    snprintf(sym, sizeof(sym), "%s__DOT__ENTRIES = ", top);
    at = root ? strstr(root, sym) : NULL;
    if (!at) {
        free(root);
        hx_build_msg(err, errlen, "top module %s: no parameter ENTRIES (expected: parameter int "
            "ENTRIES = the entry count, 1..65536; docs/vendor-guide.md, RTL port list)", top);
        return -EPROTO;
    }
    entries = strtoul(at + strlen(sym), NULL, 0);
    /* the optional CLOCK_PS: the waveforms' period, a whole half period */
    snprintf(sym, sizeof(sym), "%s__DOT__CLOCK_PS = ", top);
    if ((at = strstr(root, sym))) {
        unsigned long ps = strtoul(at + strlen(sym), NULL, 0);

        if (ps < 2 || ps > 1000000000ul || ps % 2) {
            free(root);
            hx_build_msg(err, errlen, "top module %s: parameter CLOCK_PS = %lu, expected an even "
                "number of ps in 2..1000000000 (the clock period; docs/vendor-guide.md, "
                "Waveforms)", top, ps);
            return -EPROTO;
        }
    }
    free(root);
    if (entries < 1 || entries > 65536) {
        hx_build_msg(err, errlen, "top module %s: parameter ENTRIES = %lu, expected 1..65536 (the "
            "16-bit irq_index and msg_index)", top, entries);
        return -EPROTO;
    }
    return 0;
}
