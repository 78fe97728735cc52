// Pictures drawn by gnuplot (PNG): two-feature data with the decision boundaries of models (one
// panel per group of models, the data points in every panel), and x-y charts of point series
// (e.g. accuracy against a fairness gap, with each method's Pareto front).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "contour.h"
#include "data/dataset.h"

namespace parity::cli {

/// A model's decision boundary inside the plotted box, as segments (contour.h).
struct Boundary {
  std::string title;
  std::vector<Segment> segments;
};

struct PlotPanel {
  std::string title;
  std::vector<Boundary> boundaries;
};

/// The plotted box is [kPlotLow, kPlotHigh]^2: the unit square of Unfair2D and its shifted points.
inline constexpr double kPlotLow = -0.15;
inline constexpr double kPlotHigh = 1.15;

/// Writes `png` and, beside it, the gnuplot script and data files it is drawn from (stem.gp,
/// stem.dat); `points` must have two features, classes 0/1 and groups 0/1. Returns false, leaving
/// the script for later, when gnuplot is not installed; throws parity::Error when gnuplot fails.
bool plot_boundaries(const data::Dataset& points, const std::vector<PlotPanel>& panels,
                     const std::filesystem::path& png);

/// One series of an x-y chart: points, joined by lines in the given order when `lines`.
struct XYSeries {
  std::string title;
  std::vector<std::pair<double, double>> points;
  bool lines = false;
  int colour = -1;  ///< index into the palette of ten colours; -1: the series' position
};

struct XYPanel {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<XYSeries> series;
};

/// Writes `png`, one panel per entry side by side, and beside it the gnuplot script and data
/// (stem.gp, stem.dat). Returns false, leaving the script for later, when gnuplot is not
/// installed; throws parity::Error when gnuplot fails or there are no panels.
bool plot_xy(const std::vector<XYPanel>& panels, const std::filesystem::path& png);

}  // namespace parity::cli
