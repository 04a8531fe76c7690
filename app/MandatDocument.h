#pragma once

#include "Mandat.h"

#include <QString>

/// The printed paper mandat and revocation attestation as self-contained HTML (docs/mandat.md).
///
/// The HTML uses the subset QTextDocument renders. It depends only on its arguments: dates are
/// written in the Europe/Paris time zone with fixed French month names, never from the system's
/// locale or time zone, so that a mandat printed again reads exactly the same. Any change of the
/// wording bumps Attestation::kTemplateVersion (common/Mandat.h).
namespace MandatDocument {

enum class Kind {
    Final, ///< the signed mandat: number, attestation hash, verification URL and QR code
    Draft ///< "projet de mandat": no legal value, no number, no hash, no QR code
};

/// The resource name of the QR code image in the Final HTML (an <img> the printer fills in).
QString qrCodeResourceName();

/// The anchor name (<a name="…">) of the blocks a printer keeps on the same page as what follows
/// them: the headings, and "Fait à …" with the signature boxes.
QString keepWithNextAnchor();

/// The 12 sections of the mandat (reference/aidants-connect.md § The printed mandat).
/// `appendixHtml` (a translated copy, MandatTranslation::html) is added after the French text.
QString html(const MandatInfo &mandat, Kind kind, const QString &appendixHtml = QString());
/// The revocation attestation, signed by the mandant; `revokedAtMs` is the date written on it.
QString revocationHtml(const MandatInfo &mandat, qint64 revokedAtMs, const QString &appendixHtml = QString());

/// "15 août 2024" ("1er" for the first day), in the Europe/Paris time zone.
QString frenchDate(qint64 msSinceEpoch);
/// "14h05", in the Europe/Paris time zone.
QString frenchTime(qint64 msSinceEpoch);
/// FranceConnect birthdate "1992-08-15" → "15 août 1992"; presumed "1992-11-00" → "novembre 1992",
/// "1992-00-00" → "1992". Anything else is returned unchanged.
QString frenchBirthdate(const QString &birthdate);

} // namespace MandatDocument
