#ifndef SHNOR_CUCHARDET_SHIM_H
#define SHNOR_CUCHARDET_SHIM_H
#include <uchardet/uchardet.h>
#endif
