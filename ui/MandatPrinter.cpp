#include "MandatPrinter.h"

#include "MandatTranslation.h"
#include "QrCode.h"
#include "UiLogging.h"

#include <QAbstractTextDocumentLayout>
#include <QFont>
#include <QImage>
#include <QMarginsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QSaveFile>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>
#include <QTextTable>
#include <QUrl>

#include <functional>

namespace {

/// Page margins, on the printer: the document's pages are the A4 area inside them.
constexpr qreal kMarginMm = 20;
/// The resolution the documents are laid out at, whatever the screen's.
constexpr int kLayoutDpi = 1200;

/// Metadata only: never the usager's name (PDF properties are shown and indexed everywhere).
QString pdfTitle()
{
    return MandatPrinter::tr("Mandat Aidants Connect");
}

QString pdfCreator()
{
    return QStringLiteral("Aidants Connect");
}

QPageLayout pageLayout()
{
    return QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
        QMarginsF(kMarginMm, kMarginMm, kMarginMm, kMarginMm), QPageLayout::Millimeter);
}

/// A fixed-resolution device for the layout, so that line and page breaks are the same on every
/// computer (the screen's resolution would otherwise be used). Never painted on.
QPaintDevice *layoutDevice()
{
    static QImage device = [] {
        QImage image(1, 1, QImage::Format_RGB32);
        const int dotsPerMeter = qRound(kLayoutDpi / 0.0254);
        image.setDotsPerMeterX(dotsPerMeter);
        image.setDotsPerMeterY(dotsPerMeter);
        return image;
    }();
    return &device;
}

bool hasKeepWithNextAnchor(const QTextBlock &block)
{
    for (auto it = block.begin(); !it.atEnd(); ++it) {
        if (it.fragment().charFormat().anchorNames().contains(MandatDocument::keepWithNextAnchor()))
            return true;
    }
    return false;
}

/// The vertical extent, in layout coordinates, that must share the page of `block`'s first line:
/// the whole table that follows it, or the first line of the next paragraph.
qreal keptExtentBottom(QTextDocument *document, const QTextBlock &block)
{
    QAbstractTextDocumentLayout *layout = document->documentLayout();
    const QTextBlock next = block.next();
    if (!next.isValid())
        return layout->blockBoundingRect(block).bottom();
    if (QTextTable *table = QTextCursor(next).currentTable())
        return layout->frameBoundingRect(table).bottom();
    const QTextLayout *textLayout = next.layout();
    if (textLayout->lineCount() == 0)
        return layout->blockBoundingRect(next).bottom();
    const QTextLine firstLine = textLayout->lineAt(0);
    return textLayout->position().y() + firstLine.y() + firstLine.height();
}

qreal firstLineTop(QTextDocument *document, const QTextBlock &block)
{
    const QTextLayout *textLayout = block.layout();
    if (textLayout->lineCount() == 0)
        return document->documentLayout()->blockBoundingRect(block).top();
    return textLayout->position().y() + textLayout->lineAt(0).y();
}

/// No heading alone at the bottom of a page, no "Fait à" away from the signature boxes, no
/// signature box cut in two: such a block starts a new page instead. Top to bottom, so that each
/// break is decided on the layout that the previous ones produced.
void keepTogether(QTextDocument *document)
{
    const qreal pageHeight = document->pageSize().height();
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        if (!hasKeepWithNextAnchor(block))
            continue;
        const qreal top = firstLineTop(document, block);
        const qreal bottom = keptExtentBottom(document, block);
        const int firstPage = int(top / pageHeight);
        const int lastPage = int((bottom - 1) / pageHeight);
        // Nothing to do when it fits, nothing to gain when it is taller than a page.
        if (lastPage == firstPage || bottom - top > pageHeight)
            continue;
        QTextBlockFormat format = block.blockFormat();
        format.setPageBreakPolicy(format.pageBreakPolicy() | QTextFormat::PageBreak_AlwaysBefore);
        QTextCursor(block).setBlockFormat(format);
    }
}

/// The translated copy starts a new page (its first block holds MandatTranslation::startAnchor()).
void breakBeforeTranslation(QTextDocument *document)
{
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            if (!it.fragment().charFormat().anchorNames().contains(MandatTranslation::startAnchor()))
                continue;
            QTextBlockFormat format = block.blockFormat();
            format.setPageBreakPolicy(format.pageBreakPolicy() | QTextFormat::PageBreak_AlwaysBefore);
            QTextCursor(block).setBlockFormat(format);
            return;
        }
    }
}

/// The translated copy's HTML, empty without a language or when its file cannot be read.
QString translationAppendix(
    const QString &language, const std::function<QString(const MandatTranslation::Translation &)> &render)
{
    if (language.isEmpty())
        return QString();
    QString error;
    const std::optional<MandatTranslation::Translation> translation
        = MandatTranslation::load(language, &error);
    if (!translation || translation->templateVersion != Attestation::kTemplateVersion) {
        qCWarning(lcUiMain) << "mandat translation" << language
                            << "not printed:" << (translation ? QStringLiteral("template version") : error);
        return QString();
    }
    return render(*translation);
}

std::unique_ptr<QTextDocument> makeDocument(const QString &html)
{
    auto document = std::make_unique<QTextDocument>();
    document->documentLayout()->setPaintDevice(layoutDevice());
    document->setDefaultFont(MandatPrinter::documentFont());
    document->setHtml(html);
    breakBeforeTranslation(document.get());
    // Paginated: the pages are the A4 area inside the margins, at the layout device's resolution.
    // QTextDocument::print() then prints them as they are, scaled to the printer's page.
    document->setDocumentMargin(0);
    document->setPageSize(pageLayout().paintRect(QPageLayout::Inch).size() * kLayoutDpi);
    return document;
}

} // namespace

QFont MandatPrinter::documentFont()
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(10);
    // Same glyph metrics on every desktop: no hinting from the desktop's settings.
    font.setHintingPreference(QFont::PreferNoHinting);
    font.setStyleHint(QFont::SansSerif);
    return font;
}

QImage MandatPrinter::qrCodeImage(const QString &verifyUrl)
{
    return QrCode::image(verifyUrl.toUtf8());
}

std::unique_ptr<QTextDocument> MandatPrinter::document(
    const MandatInfo &mandat, MandatDocument::Kind kind, const QString &language)
{
    const QString appendix = translationAppendix(language,
        [&](const MandatTranslation::Translation &t) { return MandatTranslation::html(t, mandat, kind); });
    auto document = makeDocument(MandatDocument::html(mandat, kind, appendix));
    // The image is a resource the layout reads; added before the layout is computed.
    if (kind == MandatDocument::Kind::Final && !mandat.verifyUrl.isEmpty()) {
        document->addResource(QTextDocument::ImageResource, QUrl(MandatDocument::qrCodeResourceName()),
            qrCodeImage(mandat.verifyUrl));
    }
    keepTogether(document.get());
    return document;
}

std::unique_ptr<QTextDocument> MandatPrinter::revocationDocument(
    const MandatInfo &mandat, qint64 revokedAtMs, const QString &language)
{
    const QString appendix = translationAppendix(language, [&](const MandatTranslation::Translation &t) {
        return MandatTranslation::revocationHtml(t, mandat, revokedAtMs);
    });
    auto document = makeDocument(MandatDocument::revocationHtml(mandat, revokedAtMs, appendix));
    keepTogether(document.get());
    return document;
}

bool MandatPrinter::writePdf(const QTextDocument &document, const QString &path, QString *errorMessage)
{
    const auto fail = [&](const QString &detail) {
        if (errorMessage) {
            *errorMessage = tr("Impossible d'enregistrer le PDF « %1 » : %2").arg(path, detail);
        }
        return false;
    };

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());
    {
        QPdfWriter writer(&file);
        writer.setTitle(pdfTitle());
        writer.setCreator(pdfCreator());
        writer.setResolution(kLayoutDpi);
        writer.setPageLayout(pageLayout());
        document.print(&writer);
    }
    // print() reports nothing: an empty file means the painter could not start.
    if (file.size() == 0) {
        file.cancelWriting();
        return fail(tr("le document n'a pas pu être mis en page."));
    }
    if (!file.commit())
        return fail(file.errorString());
    return true;
}

void MandatPrinter::preview(const QTextDocument &document, QWidget *parent)
{
    QPrinter printer(QPrinter::HighResolution);
    printer.setDocName(pdfTitle());
    printer.setCreator(pdfCreator());
    printer.setPageLayout(pageLayout());

    QPrintPreviewDialog dialog(&printer, parent);
    dialog.setWindowTitle(tr("Aperçu avant impression"));
    QObject::connect(&dialog, &QPrintPreviewDialog::paintRequested, &dialog,
        [&document](QPrinter *target) { document.print(target); });
    dialog.exec();
}
