// Wide characters in a guest: std::wstring, to_wstring and stold (which reach the SDK's swprintf and
// wcstold, guest/src/wchar.c), wide string streams and classification. Prints one line per check on
// stdout and commits the same text; everything is ASCII, so a native build must print the very same.
#include <cwchar>
#include <cwctype>
#include <iomanip>
#include <sstream>
#include <string>

#include "zkrv/guest.h"

namespace {

std::string narrow(const std::wstring& wide) {
  std::string out;
  for (wchar_t c : wide) out += (c >= 0 && c < 0x80) ? static_cast<char>(c) : '?';
  return out;
}

}  // namespace

int main() {
  std::ostringstream report;
  std::wstring w = L"zkrv";
  // Not to_wstring(long double): picolibc's printf has no long double (its %Lf prints garbage), which
  // is guest/README.md's known limitation for to_string and to_wstring alike.
  w += L'-' + std::to_wstring(42) + L'/' + std::to_wstring(-7L) + L'/' + std::to_wstring(2.5) + L'/' +
       std::to_wstring(1.0f / 3);
  report << "to_wstring " << narrow(w) << " size " << w.size() << "\n";

  size_t used = 0;
  const long double ld = std::stold(L"  1.25e3xyz", &used);
  report << "stold " << static_cast<long long>(ld) << " used " << used << "\n";
  report << "stod " << std::stod(L"-0.5") << " stoi " << std::stoi(L"ff", nullptr, 16) << "\n";

  std::wostringstream out;
  out << L"pi=" << std::fixed << std::setprecision(4) << 3.14159265 << L" hex " << std::hex << 255;
  report << "wostringstream " << narrow(out.str()) << "\n";
  std::wistringstream in(L"12 34 56 x");
  int sum = 0, value = 0;
  while (in >> value) sum += value;
  report << "wistringstream sum " << sum << "\n";

  report << "classify " << (std::iswalpha(L'a') != 0) << (std::iswdigit(L'7') != 0) << (std::iswspace(L'\t') != 0)
         << " upper " << static_cast<char>(std::towupper(L'q')) << "\n";

  wchar_t buf[8];
  const int fits = std::swprintf(buf, 8, L"%d|%s", 1234, "ab");
  report << "swprintf " << fits << " " << narrow(buf) << "\n";
  report << "swprintf too long " << std::swprintf(buf, 4, L"%d", 12345) << "\n";
  report << "swprintf non-ascii " << std::swprintf(buf, 8, L"%s", "\xc3\xa9") << "\n";

  const std::string text = report.str();
  zkrv_commit(text.data(), text.size());
  zkrv_sys_write(ZKRV_FD_STDOUT, text.data(), text.size());
  return 0;
}
