#include "metrics/common.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace mg::metrics::internal {

std::string Row(size_t i) { return "row " + std::to_string(i + 1); }

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  // Prefer the shortest representation that round-trips.
  for (int p = 1; p <= 17; ++p) {
    std::snprintf(buf, sizeof buf, "%.*g", p, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

double MatthewsFromConfusion(const Matrix& c) {
  const size_t k = c.size();
  std::vector<double> t(k, 0), p(k, 0);
  double correct = 0, n = 0;
  for (size_t i = 0; i < k; ++i)
    for (size_t j = 0; j < k; ++j) {
      t[i] += c[i][j];
      p[j] += c[i][j];
      if (i == j) correct += c[i][j];
    }
  for (double x : p) n += x;
  double tp = 0, pp = 0, tt = 0;
  for (size_t i = 0; i < k; ++i) {
    tp += t[i] * p[i];
    pp += p[i] * p[i];
    tt += t[i] * t[i];
  }
  const double cov_ytyp = correct * n - tp;
  const double cov_ypyp = n * n - pp;
  const double cov_ytyt = n * n - tt;
  if (cov_ypyp * cov_ytyt == 0) return 0.0;
  return cov_ytyp / std::sqrt(cov_ytyt * cov_ypyp);
}

double KappaFromConfusion(const Matrix& c) {
  const size_t k = c.size();
  std::vector<double> sum0(k, 0), sum1(k, 0);
  double total = 0;
  for (size_t i = 0; i < k; ++i)
    for (size_t j = 0; j < k; ++j) {
      sum0[j] += c[i][j];
      sum1[i] += c[i][j];
    }
  for (double x : sum0) total += x;
  double num = 0, den = 0;
  for (size_t i = 0; i < k; ++i)
    for (size_t j = 0; j < k; ++j) {
      if (i == j) continue;
      num += c[i][j];
      den += sum0[i] * sum1[j] / total;  // expected = outer(sum0, sum1) / total
    }
  if (den == 0) return std::nan("");
  return 1 - num / den;
}

double BalancedAccuracyFromConfusion(const Matrix& c) {
  double sum = 0;
  int classes = 0;
  for (size_t i = 0; i < c.size(); ++i) {
    double row = 0;
    for (double x : c[i]) row += x;
    if (row == 0) continue;
    sum += c[i][i] / row;
    ++classes;
  }
  return classes ? sum / classes : std::nan("");
}

Status CheckWeights(std::span<const double> w, size_t n, size_t first_row) {
  if (w.empty()) return Status::Ok();
  if (w.size() != n)
    return Status::Input("sample weights and labels differ in length (" + std::to_string(w.size()) + " vs " +
                         std::to_string(n) + ")");
  for (size_t i = 0; i < n; ++i)
    if (!std::isfinite(w[i]) || w[i] < 0)
      return Status::Input(Row(first_row + i) + ": sample weight " + Num(w[i]) + " is not a finite number >= 0");
  return Status::Ok();
}

double Percentile(const std::vector<double>& s, double q) {
  if (s.empty()) return std::nan("");
  const double pos = q * static_cast<double>(s.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, s.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  return s[lo] + (s[hi] - s[lo]) * frac;
}

}  // namespace mg::metrics::internal
