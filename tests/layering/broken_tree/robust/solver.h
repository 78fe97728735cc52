#pragma once

#include "fairness/metrics.h"
#include "tensor/tensor.h"
