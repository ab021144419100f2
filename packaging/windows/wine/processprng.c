/*
 * For testing under Wine only; never shipped in the installer or the zip.
 *
 * Rust's standard library asks bcryptprimitives.dll for ProcessPrng, which
 * Windows 10 and later provide. Wine 8 (Debian 12's) lacks it, so the exe
 * would stop at start-up. This stand-in answers it from BCryptGenRandom,
 * which Wine does have. The smoke test builds it with MinGW and puts it in
 * its own Wine prefix's system32 folder.
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
