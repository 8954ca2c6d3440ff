/* Internal: the pattern-rule matcher of core/boilerplate.c, exposed so that
 * tests/boilerplate_test.c can compare it with the reference matcher on any
 * span. Never installed. */
#ifndef VB_CORE_BOILERPLATE_H
#define VB_CORE_BOILERPLATE_H

#include <stddef.h>
#include <stdint.h>

/* The index into vb_bp_rules (core/boilerplate_table.h) of the first rule
 * that matches s[0..n) holding `words` word tokens in `zone`
 * (VB_BP_ZONE_ANY: zoned rules are skipped), or -1 when none does. */
int vb_boiler_rule_index(const char *s, size_t n, uint32_t words, int zone);

#endif /* VB_CORE_BOILERPLATE_H */
