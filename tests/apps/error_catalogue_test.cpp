// docs/errors.md, row by row: every row of its tables is run through the tool (run_tool) and
// must end as the row says, so the catalogue and the behaviour cannot drift apart. A row's
// command may name {tmp}, a fresh folder holding the files written below (bad CSV, .npy and
// model files, a truncated copy of a real data set), and {blocked}, a path below a regular file
// where nothing can be created; the same names stand for the same paths in the expected text.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "common/data_dir.h"
#include "common/temp_dir.h"
#include "nn/sequential.h"
#include "nn/serialize.h"
#include "tensor/io.h"
#include "tensor/random.h"

namespace parity::cli {
namespace {

namespace fs = std::filesystem;

struct Row {
  int line = 0;
  std::string input;
  std::string command;
  int exit = 0;
  std::string output;  // the first line of stderr (exit != 0) or a line of stdout (exit 0)
};

std::string strip(const std::string& s) {
  const auto first = s.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(' ') - first + 1);
}

// The text inside the first pair of backticks of a cell.
std::string code(const std::string& cell) {
  const auto open = cell.find('`');
  const auto close = cell.rfind('`');
  return open == std::string::npos || close == open ? strip(cell) : cell.substr(open + 1, close - open - 1);
}

// Table rows "| # | input | command | exit | output |" whose command starts with `parity.
std::vector<Row> catalogue_rows(const fs::path& file) {
  std::ifstream in(file);
  std::vector<Row> rows;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.rfind("| ", 0) != 0) continue;
    // Cells are separated by "|"; a "|" inside a cell is written "\|", as Markdown tables want it.
    std::vector<std::string> cells;
    std::string cell;
    for (std::size_t i = 1; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
        cell += '|';
        ++i;
      } else if (line[i] == '|') {
        cells.push_back(cell);
        cell.clear();
      } else {
        cell += line[i];
      }
    }
    if (cells.size() != 5 || code(cells[2]).rfind("parity ", 0) != 0) continue;
    rows.push_back({number, strip(cells[1]), code(cells[2]), std::stoi(strip(cells[3])), code(cells[4])});
  }
  return rows;
}

std::vector<std::string> words(const std::string& command) {
  std::istringstream in(command);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

// A .npy file (format 1.0) with the given header dictionary and raw data bytes.
void write_npy(const fs::path& file, const std::string& dict, const std::string& data) {
  std::string header = dict;
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  const auto length = static_cast<std::uint16_t>(header.size());
  std::string bytes = std::string("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(length & 0xff);
  bytes += static_cast<char>(length >> 8);
  write(file, bytes + header + data);
}

std::string float64_bytes(const std::vector<double>& values) {
  std::string out;
  for (double v : values) out.append(reinterpret_cast<const char*>(&v), sizeof v);
  return out;
}

// Every file a row may name, below `tmp`.
void write_fixtures(const fs::path& tmp) {
  // Predictions for `parity metrics`.
  write(tmp / "ok.csv", "y_true,y_pred,group\n0,0,a\n1,1,a\n0,1,b\n1,0,b\n");
  write(tmp / "unknown_column.csv", "y_true,y_pred,group,weight\n0,0,a,1\n");
  write(tmp / "missing_column.csv", "y_true,group\n0,a\n");
  write(tmp / "label_2.csv", "y_true,y_pred,group\n0,0,a\n2,1,b\n");
  write(tmp / "label_text.csv", "y_true,y_pred,group\n0,yes,a\n");
  write(tmp / "score_high.csv", "y_true,y_pred,group,y_score\n0,0,a,0.2\n1,1,b,1.5\n");
  write(tmp / "score_nan.csv", "y_true,y_pred,group,y_score\n0,0,a,nan\n");
  write(tmp / "empty_group.csv", "y_true,y_pred,group\n0,0,a\n1,1,\n");
  write(tmp / "header_only.csv", "y_true,y_pred,group\n");
  write(tmp / "empty.csv", "");
  write(tmp / "one_group.csv", "y_true,y_pred,group\n0,0,a\n1,1,a\n");
  write(tmp / "ragged.csv", "y_true,y_pred,group\n0,0,a\n1,1\n");
  write(tmp / "open_quote.csv", "y_true,y_pred,group\n0,0,\"a\n");
  write(tmp / "no_positives.csv", "y_true,y_pred,group\n0,0,a\n0,1,a\n1,1,b\n0,0,b\n");
  // A logistic regression on two features and inputs for `parity hessian`.
  Rng rng(7);
  nn::save_model(*nn::mlp({2, 1}, "tanh", rng), (tmp / "model").string());
  nn::save_model(*nn::mlp({2, 1}, "tanh", rng), (tmp / "nan_model").string());
  save_npy((tmp / "nan_model" / "0.weight.npy").string(),
           Tensor(Shape{1, 2}, {0.5, std::numeric_limits<double>::quiet_NaN()}));
  nn::save_model(*nn::mlp({2, 1}, "tanh", rng), (tmp / "shape_model").string());
  save_npy((tmp / "shape_model" / "0.weight.npy").string(), Tensor(Shape{1, 3}, {1, 2, 3}));
  const std::string index_start = "{\"format\": \"parity-model\", \"version\": 1, \"layers\": ";
  write(tmp / "empty_model" / "model.json", index_start + "[]}");
  write(tmp / "unknown_layer_model" / "model.json", index_start + "[{\"type\": \"Transformer\"}]}");
  write(tmp / "malformed_model" / "model.json", index_start + "[");
  write(tmp / "version_model" / "model.json", "{\"format\": \"parity-model\", \"version\": 7, \"layers\": []}");
  write(tmp / "huge_model" / "model.json",
        index_start + "[{\"type\": \"Linear\", \"in_features\": 2, \"out_features\": 300000000000}]}");
  save_npy((tmp / "x.npy").string(), Tensor(Shape{3, 2}, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}));
  save_npy((tmp / "x3.npy").string(), Tensor(Shape{2, 3}, {1, 2, 3, 4, 5, 6}));
  save_npy((tmp / "x1d.npy").string(), Tensor(Shape{2}, {1, 2}));
  save_npy((tmp / "x_inf.npy").string(),
           Tensor(Shape{2, 2}, {1, 2, std::numeric_limits<double>::infinity(), 4}));
  save_npy((tmp / "x_empty.npy").string(), Tensor(Shape{0, 2}));
  save_npy((tmp / "y_half.npy").string(), Tensor(Shape{3}, {0, 1.5, 1}));
  save_npy((tmp / "y_short.npy").string(), Tensor(Shape{2}, {0, 1}));
  write(tmp / "bad_magic.npy", "PK\x03\x04 this is a zip file");
  write_npy(tmp / "int8.npy", "{'descr': '|i1', 'fortran_order': False, 'shape': (3, 2), }", std::string(6, '\1'));
  write_npy(tmp / "complex.npy", "{'descr': '<c16', 'fortran_order': False, 'shape': (1, 2), }", std::string(32, '\0'));
  write_npy(tmp / "big_endian.npy", "{'descr': '>f8', 'fortran_order': False, 'shape': (1, 2), }", std::string(16, '\0'));
  write_npy(tmp / "truncated.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }",
            float64_bytes({1, 2, 3}));
  write_npy(tmp / "bad_shape.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3, -2), }",
            float64_bytes({1, 2, 3, 4, 5, 6}));
  write_npy(tmp / "no_descr.npy", "{'fortran_order': False, 'shape': (1, 2), }", float64_bytes({1, 2}));
  write(tmp / "header_cut.npy", std::string("\x93NUMPY\x01\x00\x76\x00{'descr", 16));
  // Real data sets cut short, and an empty data folder.
  fs::create_directories(tmp / "no_data");
  const fs::path adult = ::parity::testing::data_file("adult/adult.data");
  if (!adult.empty()) {
    std::ifstream in(adult);
    std::string text(4000, '\0');
    in.read(text.data(), 4000);
    write(tmp / "cut" / "adult" / "adult.data", text);  // ends inside a record
    fs::copy_file(::parity::testing::data_file("adult/adult.test"), tmp / "cut" / "adult" / "adult.test");
    write(tmp / "short_row" / "adult" / "adult.data",
          "39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, Not-in-family, White, Male, 2174\n");
    fs::copy_file(::parity::testing::data_file("adult/adult.test"), tmp / "short_row" / "adult" / "adult.test");
  }
  write(tmp / "text_lsat" / "lsat" / "bar_pass_prediction.csv",
        "lsat,ugpa,race1,pass_bar,gender\n44,3.5,white,1,female\nforty,3.1,black,1,male\n");
  const std::string lsat_header = "lsat,ugpa,race1,pass_bar,gender\n44,3.5,white,1,female\n";
  write(tmp / "nan_lsat" / "lsat" / "bar_pass_prediction.csv", lsat_header + "nan,3.1,black,1,male\n");
  write(tmp / "inf_lsat" / "lsat" / "bar_pass_prediction.csv", lsat_header + "40,inf,black,0,male\n");
  write(tmp / "overflow_lsat" / "lsat" / "bar_pass_prediction.csv", lsat_header + "40,1e999,black,0,male\n");
  write(tmp / "blocking_file", "x");
}

TEST(ErrorCatalogue, EveryRowOfDocsErrorsMdEndsAsItSays) {
  const std::vector<Row> rows = catalogue_rows(fs::path(PARITY_SOURCE_DIR) / "docs" / "errors.md");
  ASSERT_GE(rows.size(), 40u) << "docs/errors.md lists fewer than 40 inputs";
  const fs::path tmp = fs::temp_directory_path() / "parity_error_catalogue";
  fs::remove_all(tmp);
  write_fixtures(tmp);
  const std::string blocked = (tmp / "blocking_file" / "below").string();
  const bool have_data = !::parity::testing::data_file("adult/adult.data").empty();
  for (const Row& row : rows) {
    SCOPED_TRACE("docs/errors.md:" + std::to_string(row.line) + ": " + row.input);
    const auto expand = [&](const std::string& text) {
      return replace_all(replace_all(text, "{tmp}", tmp.string()), "{blocked}", blocked);
    };
    const std::string command = expand(row.command);
    if (!have_data && (command.find("/cut") != std::string::npos || command.find("/short_row") != std::string::npos)) {
      continue;  // needs the real Adult files; the data tests report their absence
    }
    std::vector<std::string> args = words(command);
    args.erase(args.begin());  // "parity"
    std::ostringstream out;
    std::ostringstream err;
    // The commands print their reports to std::cout.
    std::streambuf* const saved = std::cout.rdbuf(out.rdbuf());
    const int status = run_tool(args, out, err);
    std::cout.rdbuf(saved);
    EXPECT_EQ(status, row.exit) << command << "\nstderr: " << err.str();
    const std::string expected = expand(row.output);
    if (row.exit == 0) {
      EXPECT_NE(out.str().find(expected), std::string::npos) << command << "\nstdout: " << out.str();
    } else {
      EXPECT_EQ(err.str().substr(0, err.str().find('\n')), expected) << command;
    }
  }
  if (!HasFailure()) fs::remove_all(tmp);  // kept for a look when a row fails
}

}  // namespace
}  // namespace parity::cli
