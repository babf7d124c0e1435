#ifndef SHNOR_BENCH_CLIBCSV_SHIM_H
#define SHNOR_BENCH_CLIBCSV_SHIM_H
#include <csv.h>
#endif
