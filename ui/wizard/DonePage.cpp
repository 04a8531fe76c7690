#include "DonePage.h"

#include "Demarches.h"
#include "Mandat.h"
#include "MandatDocument.h"
#include "MandatPrinter.h"
#include "MandatTranslationChooser.h"
#include "MandatWizard.h"
#include "PageHelpers.h"
#include "WizardLogging.h"

#include <QAccessible>
#include <QDateTime>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStandardPaths>
#include <QTextDocument>
#include <QVBoxLayout>

DonePage::DonePage(MandatWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setObjectName(QStringLiteral("DonePage"));
    setTitle(tr("Le mandat est enregistré."));
    setFinalPage(true);
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(10);

    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("summaryLabel"));
    m_summaryLabel->setWordWrap(true);
    m_summaryLabel->setTextFormat(Qt::RichText);
    layout->addWidget(m_summaryLabel);

    auto *noticeLabel = new QLabel(
        tr("Il est impératif d'imprimer le mandat finalisé et d'en remettre une version papier à "
           "l'usager. Le mandat imprimé est signé par l'usager et par vous ; conservez-en un exemplaire "
           "pendant 6 ans après sa fin."),
        this);
    noticeLabel->setObjectName(QStringLiteral("noticeLabel"));
    noticeLabel->setWordWrap(true);
    noticeLabel->setProperty("role", QStringLiteral("hint"));
    layout->addWidget(noticeLabel);

    // A translated copy for an usager who does not read French, printed after the French mandat.
    m_translationChooser = new MandatTranslationChooser(this);
    layout->addWidget(m_translationChooser);

    auto *buttonsLayout = new QHBoxLayout;
    m_printButton = new QPushButton(tr("&Imprimer le mandat"), this);
    m_printButton->setObjectName(QStringLiteral("printPushButton"));
    m_printButton->setAccessibleName(tr("Imprimer le mandat"));
    m_printButton->setProperty("role", QStringLiteral("primary"));
    buttonsLayout->addWidget(m_printButton);
    m_pdfButton = new QPushButton(tr("Enregistrer en P&DF"), this);
    m_pdfButton->setObjectName(QStringLiteral("pdfPushButton"));
    m_pdfButton->setAccessibleName(tr("Enregistrer le mandat en PDF"));
    buttonsLayout->addWidget(m_pdfButton);
    buttonsLayout->addStretch();
    layout->addLayout(buttonsLayout);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messageLabel->hide();
    layout->addWidget(m_messageLabel);
    m_errorLabel = PageHelpers::addErrorLabel(this, layout);
    layout->addStretch();

    connect(m_printButton, &QPushButton::clicked, this, &DonePage::print);
    connect(m_pdfButton, &QPushButton::clicked, this, &DonePage::savePdf);
}

DonePage::~DonePage() = default;

void DonePage::initializePage()
{
    const MandatInfo &mandat = m_wizard->mandat();
    const auto bold = [](const QString &text) -> QString {
        return QStringLiteral("<b>") + text.toHtmlEscaped() + QStringLiteral("</b>");
    };
    QString summary = QStringLiteral("<p>")
        + tr("%1 autorise %2 à réaliser à sa place les démarches administratives suivantes :")
              .arg(bold(mandat.usager.fullName()), bold(mandat.organisation.name))
        + QStringLiteral("</p><ul>");
    for (const QString &code : mandat.demarches) {
        if (const Demarche *demarche = Demarches::find(code))
            summary += QStringLiteral("<li>") + bold(demarche->title.toUpper()) + QStringLiteral(" : ")
                + demarche->description.toHtmlEscaped() + QStringLiteral("</li>");
    }
    summary += QStringLiteral("</ul><p>");
    const MandatDuration *duration = MandatDurations::find(mandat.duration);
    summary
        += tr("pour une durée de %1.").arg(duration ? duration->printed : mandat.duration).toHtmlEscaped();
    if (mandat.expiresAtMs > 0) {
        const QDate expiry = QDateTime::fromMSecsSinceEpoch(mandat.expiresAtMs).date();
        summary += QLatin1Char(' ')
            + tr("Le mandat prend fin le %1.").arg(QLocale().toString(expiry, QStringLiteral("d MMMM yyyy")));
    }
    summary += QStringLiteral("</p>");
    if (mandat.remote)
        summary += QStringLiteral("<p>") + tr("Mandat réalisé à distance").toHtmlEscaped()
            + QStringLiteral("</p>");
    m_summaryLabel->setText(summary);
    m_translationChooser->setUsager(mandat.usager.id);
    m_messageLabel->hide();
    PageHelpers::showError(m_errorLabel, QString());
    m_printButton->setFocus();
}

void DonePage::print()
{
    const std::unique_ptr<QTextDocument> document = MandatPrinter::document(
        m_wizard->mandat(), MandatDocument::Kind::Final, m_translationChooser->language());
    m_wizard->preview(*document, this);
}

void DonePage::savePdf()
{
    QString directory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (directory.isEmpty())
        directory = QDir::homePath();
    // No personal data in the suggested name: it shows in file lists.
    const QString suggested = QDir(directory).filePath(
        QStringLiteral("mandat-aidants-connect-%1.pdf").arg(m_wizard->mandat().id));
    QString path = m_wizard->askSaveFileName(this, suggested);
    if (path.isEmpty())
        return;
    if (!path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive))
        path += QStringLiteral(".pdf");
    const std::unique_ptr<QTextDocument> document = MandatPrinter::document(
        m_wizard->mandat(), MandatDocument::Kind::Final, m_translationChooser->language());
    QString errorMessage;
    if (!MandatPrinter::writePdf(*document, path, &errorMessage)) {
        qCWarning(lcUiMandat) << "PDF export failed";
        PageHelpers::showError(m_errorLabel,
            errorMessage.isEmpty() ? tr("Le fichier PDF n'a pas pu être enregistré.") : errorMessage);
        m_messageLabel->hide();
        return;
    }
    PageHelpers::showError(m_errorLabel, QString());
    m_messageLabel->setText(tr("Le mandat a été enregistré dans %1.").arg(QDir::toNativeSeparators(path)));
    m_messageLabel->show();
    QAccessibleEvent event(m_messageLabel, QAccessible::Alert);
    QAccessible::updateAccessibility(&event);
}
