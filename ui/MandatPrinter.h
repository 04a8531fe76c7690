#pragma once

#include "MandatDocument.h"

#include <QCoreApplication>
#include <QFont>
#include <QImage>
#include <QString>

#include <memory>

class QTextDocument;
class QWidget;

/// Lays out the printed mandat and revocation attestation (MandatDocument) for A4 paper and PDF.
class MandatPrinter final
{
    Q_DECLARE_TR_FUNCTIONS(MandatPrinter)

public:
    /// The mandat as a document laid out for A4 pages with 2 cm margins, with a fixed font and
    /// resolution, and page breaks that keep headings with their text and "Fait à …" with the
    /// signature boxes. A Final one carries its QR code as the resource "qrcode:verify".
    /// With a `language` (MandatTranslation::available()), the translated copy follows the French
    /// mandat from a new page, right to left for a right-to-left language, in the font family its
    /// file names; an unknown language prints the French mandat alone.
    static std::unique_ptr<QTextDocument> document(
        const MandatInfo &mandat, MandatDocument::Kind kind, const QString &language = QString());
    static std::unique_ptr<QTextDocument> revocationDocument(
        const MandatInfo &mandat, qint64 revokedAtMs, const QString &language = QString());

    /// Writes `document` (from document() or revocationDocument()) as an A4 PDF at `path`, replaced
    /// atomically. On failure, returns false and sets `errorMessage` (French) when given.
    static bool writePdf(const QTextDocument &document, const QString &path, QString *errorMessage);
    /// Shows the print preview of `document` on the local printer (A4), from which it can be printed.
    static void preview(const QTextDocument &document, QWidget *parent);

    /// The font every printed document uses, whatever the desktop's: "DejaVu Sans" 10 pt.
    static QFont documentFont();
    /// The QR code of a verification URL, as printed on the mandat.
    static QImage qrCodeImage(const QString &verifyUrl);
};
