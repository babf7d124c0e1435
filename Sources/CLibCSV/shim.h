#ifndef SHNOR_CLIBCSV_SHIM_H
#define SHNOR_CLIBCSV_SHIM_H
#include <csv.h>
#endif
