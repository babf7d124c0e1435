#ifndef SHNOR_CFREEXL_SHIM_H
#define SHNOR_CFREEXL_SHIM_H
#include <freexl.h>
#endif
